#!/usr/bin/env bash
# Template engine benchmarks (JMH): builds bench/template-engine-jmh if needed, runs it, writes section 1 of
# docs/benchmarks-engine.md (section 2 is bench/deploy800.sh's and is left as it is).
#
#   bench/engine.sh
#
# Environment (all optional):
#   ENGINE_FORKS     JMH forks per benchmark (-f)                        (1)
#   ENGINE_WI        warm-up iterations (-wi)                            (5)
#   ENGINE_I         measurement iterations (-i)                         (5)
#   ENGINE_W         warm-up iteration time (-w)                         (3s)
#   ENGINE_R         measurement iteration time (-r)                     (2s)
#   ENGINE_FILTER    JMH benchmark regexp                                (all of io.strato.bench.EngineBenchmark)
#   ENGINE_JVM_ARGS  extra JVM options of the forked benchmark JVMs      (none)
#   ENGINE_OUT       the markdown file written                           (docs/benchmarks-engine.md)
#   ENGINE_NO_BUILD  1: use target/benchmarks.jar as it is
#
# The warm-up (5 x 3 s) is longer than JMH examples use: on this 2-CPU shared machine the JIT needs 10-15 s before
# prepare() of the large templates stops getting faster (with 3 x 1 s the measured iterations still fell 5-fold).
# The jar is rebuilt (mvn package -DskipTests of the module and what it depends on, never clean) when it is missing
# or older than the sources of the module, the template engine or the model. Raw JMH output (text and JSON) goes
# to bench/template-engine-jmh/target/results/<UTC time>.*.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/bench/template-engine-jmh"
JAR="$MODULE/target/benchmarks.jar"
OUT="${ENGINE_OUT:-$ROOT/docs/benchmarks-engine.md}"
FORKS="${ENGINE_FORKS:-1}"; WI="${ENGINE_WI:-5}"; I="${ENGINE_I:-5}"; W="${ENGINE_W:-3s}"; R="${ENGINE_R:-2s}"
FILTER="${ENGINE_FILTER:-io.strato.bench.EngineBenchmark}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$MODULE/target/results"
GOAL_MS=100

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { printf '[engine %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
for tool in python3 "$JAVA"; do command -v "$tool" >/dev/null || die "$tool is needed"; done

# ------------------------------------------------------------------------------------------------- build
stale() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find "$MODULE/src" "$MODULE/pom.xml" "$ROOT/control-plane/template-engine/src" "$ROOT/control-plane/template-engine/pom.xml" \
      "$ROOT/control-plane/model/src" "$ROOT/control-plane/model/pom.xml" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]
}
if [ "${ENGINE_NO_BUILD:-0}" != 1 ] && stale; then
  command -v mvn >/dev/null || die "mvn is needed to build $JAR"
  say "building $JAR (mvn package -DskipTests -pl bench/template-engine-jmh -am)"
  mvn -B -q -f "$ROOT/pom.xml" -pl bench/template-engine-jmh -am package -DskipTests
fi
[ -f "$JAR" ] || die "no $JAR"

# ------------------------------------------------------------------------------------------------- run
mkdir -p "$RESULTS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
INPUTS="$("$JAVA" -cp "$JAR" io.strato.bench.InputCheck)"
ARGS=(-f "$FORKS" -wi "$WI" -i "$I" -w "$W" -r "$R" -rf json -rff "$RESULTS/$STAMP.json")
[ -n "${ENGINE_JVM_ARGS:-}" ] && ARGS+=(-jvmArgsAppend "$ENGINE_JVM_ARGS")
say "running JMH: ${ARGS[*]} $FILTER (raw output: $RESULTS/$STAMP.txt)"
START=$(date +%s)
set +e
"$JAVA" -jar "$JAR" "${ARGS[@]}" "$FILTER" | tee "$RESULTS/$STAMP.txt" | grep -E '^(# Benchmark:|Iteration|Result|Benchmark  |EngineBenchmark)' >&2
JMH_RC=${PIPESTATUS[0]}
set -e
[ "$JMH_RC" = 0 ] || die "JMH failed (exit $JMH_RC); see $RESULTS/$STAMP.txt"
ELAPSED=$(( $(date +%s) - START ))
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------------------------------- markdown
CMD="bench/engine.sh"
for v in ENGINE_FORKS ENGINE_WI ENGINE_I ENGINE_W ENGINE_R ENGINE_FILTER ENGINE_JVM_ARGS; do
  [ -n "${!v:-}" ] && CMD="$v=${!v} $CMD"
done
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
JAVA_VERSION="$("$JAVA" -version 2>&1 | head -1)"
JMH_CMD="java -jar bench/template-engine-jmh/target/benchmarks.jar -f $FORKS -wi $WI -i $I -w $W -r $R${ENGINE_JVM_ARGS:+ -jvmArgsAppend '$ENGINE_JVM_ARGS'} -rf json -rff <results.json> $FILTER"

RESULT_JSON="$RESULTS/$STAMP.json" GOAL_MS="$GOAL_MS" python3 - >"$RESULTS/$STAMP.md" <<PY
import json, math, os
rows = json.load(open(os.environ["RESULT_JSON"]))
goal = float(os.environ["GOAL_MS"])
what = {
    "prepareCopy800": "prepare(): 800-resource copy template, JSON already read",
    "readAndPrepareCopy800": "read JSON + prepare(): 800-resource copy template",
    "prepareLarge4MB": "prepare(): ~4 MB template, JSON already read",
    "readAndPrepareLarge4MB": "read JSON + prepare(): ~4 MB template",
    "renderAll800": "render() of all 800 resources (trivial RuntimeLookup)",
    "evaluatePublicApi": "TemplateEngine.evaluate() (parser cache hit)",
    "evaluateParsedOnce": "Evaluator.evaluate() of an expression parsed once",
    "evaluateParseEachTime": "parse (uncached) + Evaluator.evaluate()",
}
def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)): return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}"
print("| Benchmark | What | Score | Error (99.9%) | Unit |")
print("|---|---|---:|---:|---|")
scores = {}
for r in rows:
    name = r["benchmark"].rsplit(".", 1)[1]
    m = r["primaryMetric"]
    err = m.get("scoreError")
    err = None if err in (None, "NaN") else float(err)
    scores[name] = (float(m["score"]), m["scoreUnit"])
    print(f"| \`{name}\` | {what.get(name, '')} | {fmt(float(m['score']))} | {'± ' + fmt(err) if err is not None else 'n/a'} | {m['scoreUnit']} |")
print()
plan = [n for n in ("readAndPrepareCopy800", "readAndPrepareLarge4MB") if n in scores]
if len(plan) == 2 and all(scores[n][1] == "ms/op" for n in plan):
    worst = max(plan, key=lambda n: scores[n][0])
    met = all(scores[n][0] < goal for n in plan)
    print(f"GOAL: **{'met' if met else 'not met'}** — plan (parse + expand + plan) under {goal:.0f} ms: "
          + ", ".join(f"{fmt(scores[n][0])} ms for \`{n}\`" for n in plan) + ".")
else:
    print(f"GOAL: **not measured** — plan under {goal:.0f} ms needs both readAndPrepare rows (ENGINE_FILTER left one out).")
PY

GOAL_LINE="$(grep '^GOAL: ' "$RESULTS/$STAMP.md" | sed 's/^GOAL: //')"
TABLE="$(grep -v '^GOAL: ' "$RESULTS/$STAMP.md")"

python3 "$ROOT/bench/md-section.py" "$OUT" engine <<MD
## 1. Template engine (JMH)

Measured $(date -u '+%Y-%m-%d %H:%M') UTC in ${ELAPSED} s. Command: \`$CMD\`, which runs
\`$JMH_CMD\` (JMH 1.37; each benchmark in its own forked JVM).
Load average of the machine: $LOAD_BEFORE before, $LOAD_AFTER after.

| Machine | |
|---|---|
| CPUs (\`nproc\`) | $(nproc) |
| CPU | $CPU |
| Java | $JAVA_VERSION |

### Goal

- $GOAL_LINE

### Results

$TABLE

$INPUTS
The typical expression is \`$(grep -o 'EXPRESSION = "[^"]*"' "$MODULE/src/main/java/io/strato/bench/EngineBenchmark.java" | head -1 | sed 's/EXPRESSION = "//; s/"$//')\`
(with \`p\` = \`Strato-Bench\`); the public \`TemplateEngine.evaluate()\` runs in an empty template, so it evaluates the same
expression with the literal \`'Strato-Bench'\` in place of \`parameters('p')\`. The parser keeps up to 50,000 parsed
expressions keyed by their text, so \`evaluate()\` and \`prepare()\` parse each distinct expression once per JVM; the
prepare rows are measured with that cache warm, as a running server has it. \`evaluateParseEachTime\` shows the cost
without it. "Error" is JMH's 99.9% confidence half-width over the measurement iterations.
MD
say "wrote section 1 of $OUT"
