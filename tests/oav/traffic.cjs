#!/usr/bin/env node
// Helper of validate.sh (see there).
//   node traffic.cjs prepare TRAFFIC_DIR SPECS WORK   routes every exchange to <WORK>/traffic/<Namespace>/<api-version>/,
//                                                     prints the excluded ones and writes <WORK>/groups.txt
//   node traffic.cjs summarize WORK                   reads the oav outputs <WORK>/out/*.txt, prints a compact summary,
//                                                     exit 1 on any error, runtime exception or undefined operation
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

// Requests left out of the check, with the reason printed for each.
const EXCLUDED = [
  [/^\/healthz$/i, 'the appliance\'s own health probe (not an ARM operation)'],
  [/\/providers\/Microsoft\.Resources\/deployments\/[^/]+\/operationstatuses\/[^/]+$/i,
    'deployment long-running-operation status URL (the Azure-AsyncOperation of a deployment PUT; not part of the OpenAPI specs)'],
  [/\/providers\/[^/]+\/locations\/[^/]+\/(asyncoperations|operationresults|operationstatuses)\/[^/]+$/i,
    'long-running-operation polling URL (opaque Location/Azure-AsyncOperation URL; not part of the OpenAPI specs)'],
  [/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Resources\/operationresults\/[^/]+$/i,
    'long-running-operation polling URL (opaque Location/Azure-AsyncOperation URL; not part of the OpenAPI specs)'],
];
// Provider calls (Providers_List/Get/Register/Unregister and their tenant-scope forms) are in Microsoft.Resources'
// resources.json under path templates without a literal namespace, which oav files under "microsoft.unknown". oav
// looks a request up under the namespace in its URL, so .../providers/Microsoft.Storage would be "Undefined operation"
// (specs README, Pitfalls): such a request is validated with that URL segment set to Microsoft.Unknown (method,
// api-version and bodies stay as recorded). validate.sh keeps the specs under a folder named microsoft.unknown for
// the same reason (see there).
const PROVIDER_CALL = /^((?:\/subscriptions\/[^/]+)?\/providers\/)([^/]+)(\/register|\/unregister)?$/i;

// Findings that are errors of the spec, not of the server: printed as KNOWN, they fail the check only with
// OAV_STRICT=1. Keep this list short and give the evidence for each entry.
const KNOWN_SPEC_ISSUES = [
  { operationId: /^(Subscriptions|Tenants)_List$/, code: 'OBJECT_MISSING_REQUIRED_PROPERTY', path: '$.nextLink',
    why: 'subscriptions.json marks nextLink required (2016-06-01 to 2022-12-01) but Azure omits it on the last page '
      + '(Azure/azure-rest-api-specs#17621, Azure/azure-sdk-for-rust#650); null fails oav too' },
  { operationId: /^Deployments_Validate(AtSubscriptionScope|AtTenantScope|AtManagementGroupScope|AtScope)?$/, code: 'OBJECT_ADDITIONAL_PROPERTIES', path: /^\$\.(id|name|type)$/,
    why: 'DeploymentValidateResult defines only error and properties before 2024-07-01, but Azure answers validate with the '
      + 'deployment\'s id, name and type (Microsoft.Resources/2024-07-01/examples/PostDeploymentValidateOnResourceGroup.json)' },
  { operationId: /^(VirtualNetworks|Subnets|NetworkSecurityGroups|SecurityRules|NetworkInterfaces|PublicIPAddresses|RouteTables|Routes|LoadBalancers|VirtualNetworkPeerings)_Delete$/,
    versions: ['2018-11-01'], code: 'INVALID_RESPONSE_CODE', path: '',
    why: 'the 2018-11-01 network spec defines no error response for any delete, but Azure refuses in-use deletes with 400 '
      + '(InUseSubnetCannotBeDeleted, InUseNetworkSecurityGroupCannotBeDeleted, ...); from 2021-08-01 the spec adds default: CloudError' },
  { operationId: /^StorageAccounts_ListKeys$/, code: 'INVALID_RESPONSE_CODE', path: '',
    why: 'the storage specs define only 200 for listKeys, but under a ReadOnly management lock Azure refuses it with 409 '
      + 'ScopeLocked ("A read-only lock on a storage account prevents users from listing the account keys", Azure docs, '
      + 'azure-resource-manager/management/lock-resources#considerations-before-applying-your-locks)' },
  { operationId: /^Deployments_CreateOrUpdate$/, code: 'ENUM_CASE_MISMATCH', path: '$.properties.mode',
    why: 'a request finding, not a response one: az 2.45\'s `az network lb create` deploys its generated template with mode '
      + '"incremental"; ARM matches enum values case-insensitively and accepts it, so the appliance must too' },
];

// Namespace/api-version pairs that unmodified clients send but that have no spec in the shared set: counted and printed
// as NOT CHECKED, not as undefined operations. Keep this list short and give the reason for each.
const UNSPECCED = [
  { namespace: /^Microsoft\.Network$/i, apiVersion: '2022-07-01',
    why: 'az 2.45\'s aaz-generated network commands (nsg rule, public-ip, nic, lb, vnet peering, ...) send 2022-07-01 '
      + 'whatever the profile; the shared specs hold Microsoft.Network 2018-11-01, 2021-08-01, 2022-01-01 and 2022-05-01' },
];

function files(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

function dirNamed(parent, name) { // folder names are matched case-insensitively, as ARM namespaces are
  if (!fs.existsSync(parent)) return null;
  return fs.readdirSync(parent).find((d) => d.toLowerCase() === name.toLowerCase()) || null;
}

function prepare(trafficDir, specs, work) {
  const groups = new Map();
  const excluded = new Map();
  const notChecked = new Map();
  const failures = [];
  const all = files(trafficDir);
  for (const file of all) {
    let x;
    try {
      x = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      failures.push(`FAIL ${path.basename(file)}: not a JSON exchange file (${e.message})`);
      continue;
    }
    const url = new URL(x.liveRequest.url);
    const p = url.pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '');
    const reason = EXCLUDED.find(([re]) => re.test(p));
    if (reason) {
      excluded.set(reason[1], (excluded.get(reason[1]) || 0) + 1);
      continue;
    }
    const apiVersion = url.searchParams.get('api-version');
    const what = `${x.liveRequest.method} ${p} -> ${x.liveResponse.statusCode}`;
    if (!apiVersion) {
      failures.push(`FAIL undefined operation (no api-version): ${what} [${path.basename(file)}]`);
      continue;
    }
    let ns = 'Microsoft.Resources';
    const prov = p.match(PROVIDER_CALL);
    if (prov) {
      url.pathname = prov[1] + 'Microsoft.Unknown' + (prov[3] || '');
      x.liveRequest.url = url.toString();
    } else {
      const segs = p.split('/');
      const i = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
      if (i >= 0 && i + 1 < segs.length) ns = segs[i + 1];
    }
    const nsDir = dirNamed(specs, ns);
    const verDir = nsDir && dirNamed(path.join(specs, nsDir), apiVersion);
    const unspecced = !verDir && UNSPECCED.find((u) => u.namespace.test(ns) && u.apiVersion === apiVersion);
    if (unspecced) {
      const key = `${ns} ${apiVersion}: ${unspecced.why}`;
      notChecked.set(key, (notChecked.get(key) || 0) + 1);
      continue;
    }
    if (!verDir) {
      failures.push(`FAIL undefined operation (no spec folder ${ns}/${apiVersion} in ${specs}): ${what} [${path.basename(file)}]`);
      continue;
    }
    const group = `${nsDir}/${verDir}`;
    groups.set(group, (groups.get(group) || 0) + 1);
    const target = path.join(work, 'traffic', group, path.basename(file));
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    fs.writeFileSync(target, JSON.stringify(x, null, 1), { mode: 0o600 }); // the exchanges may hold account keys
  }
  if (all.length === 0) failures.push(`FAIL no exchange files in ${trafficDir} (was the appliance started with -Dstrato.traffic.dir?)`);
  fs.writeFileSync(path.join(work, 'groups.txt'), [...groups.keys()].map((g) => g + '\n').join(''));
  fs.writeFileSync(path.join(work, 'prepare-failures.txt'), failures.map((f) => f + '\n').join(''));
  console.log(`oav: ${all.length} exchanges in ${trafficDir}`);
  for (const [g, n] of groups) console.log(`  validate ${String(n).padStart(4)} against ${g}`);
  for (const [r, n] of excluded) console.log(`  excluded ${String(n).padStart(4)}: ${r}`);
  for (const [r, n] of notChecked) console.log(`  NOT CHECKED ${String(n).padStart(4)} (no spec here): ${r}`);
}

function payloadPaths(e) { return (e.jsonPathsInPayload || []).join(', '); }

// oav prints each failed payload as { message: '<json>', level: 'error' } (util.inspect of a JSON string) and each
// unmatched request as "Error: Undefined operation {json}".
function summarize(work) {
  const findings = new Map();
  const known = new Map();
  const strict = process.env.OAV_STRICT === '1';
  const lines = fs.readFileSync(path.join(work, 'prepare-failures.txt'), 'utf8').split('\n').filter(Boolean);
  let undefinedOps = 0; let errors = 0; let runtime = 0;
  const outDir = path.join(work, 'out');
  for (const f of fs.readdirSync(outDir).filter((n) => n.endsWith('.txt')).sort()) {
    const group = f.replace(/\.txt$/, '').replace('__', '/');
    const text = fs.readFileSync(path.join(outDir, f), 'utf8');
    let parsed = 0;
    for (const line of text.split('\n')) {
      const u = line.match(/^Error: Undefined operation (\{.*\})\s*$/);
      if (u) {
        const r = JSON.parse(u[1]).validationRequest || {};
        undefinedOps++; parsed++;
        lines.push(`FAIL undefined operation in ${group}: ${String(r.requestMethod).toUpperCase()} ${r.pathStr} api-version=${r.apiVersion}`);
        continue;
      }
      const m = line.match(/^\s*message: ((['"`])\{"specFilePath".*\2),?\s*$/) || line.match(/^\s*message: ((['"`])\{"payloadFilePath".*\2),?\s*$/);
      if (!m) continue;
      const r = JSON.parse(vm.runInNewContext(m[1])); // a string literal
      parsed++;
      const op = (r.operationInfo && r.operationInfo.operationId) || '?';
      const ver = (r.operationInfo && r.operationInfo.apiVersion) || group;
      for (const e of r.errors || []) {
        const k = KNOWN_SPEC_ISSUES.find((i) => i.operationId.test(op) && i.code === e.code && (!i.versions || i.versions.includes(ver))
          && (i.path instanceof RegExp ? i.path.test((e.jsonPathsInPayload || []).join()) : (e.jsonPathsInPayload || []).join() === i.path));
        if (k && !strict) {
          const key = `${op} ${ver} ${e.code} at ${payloadPaths(e)}: ${k.why}`;
          known.set(key, (known.get(key) || 0) + 1);
          continue;
        }
        errors++;
        const key = `${op} ${ver} ${e.code} (${e.issueSource}) ${e.message} at ${payloadPaths(e)}`;
        const seen = findings.get(key) || { n: 0, file: path.basename(r.payloadFilePath || '') };
        seen.n++; findings.set(key, seen);
      }
      for (const e of r.runtimeExceptions || []) {
        runtime++;
        const key = `${op} ${ver} ${e.code} ${String(e.message).slice(0, 300)}`;
        const seen = findings.get(key) || { n: 0, file: path.basename(r.payloadFilePath || '') };
        seen.n++; findings.set(key, seen);
      }
    }
    const rc = fs.existsSync(path.join(outDir, f + '.rc')) ? fs.readFileSync(path.join(outDir, f + '.rc'), 'utf8').trim() : '?';
    if (rc !== '0' && parsed === 0) {
      runtime++;
      lines.push(`FAIL oav exited ${rc} on ${group} without a readable result: see ${path.join(outDir, f)}`);
    }
  }
  for (const [k, v] of findings) lines.push(`FAIL ${k}  [${v.n}x, e.g. ${v.file}]`);
  for (const [k, n] of known) console.log(`KNOWN spec issue, not counted (OAV_STRICT=1 counts it): ${k}  [${n}x]`);
  for (const l of lines) console.log(l);
  const undefinedTotal = undefinedOps + lines.filter((l) => l.startsWith('FAIL undefined operation (')).length;
  console.log(`oav: ${errors} error(s), ${runtime} runtime failure(s), ${undefinedTotal} undefined operation(s)`
    + (lines.length ? ` (oav output in ${work})` : ''));
  return lines.length === 0 ? 0 : 1;
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'prepare') prepare(...args);
else if (cmd === 'summarize') process.exit(summarize(...args));
else { console.error('usage: traffic.cjs prepare TRAFFIC_DIR SPECS WORK | summarize WORK'); process.exit(2); }
