// One client, two servers: PUT and GET of 1 KiB and 4 MiB blobs at concurrency 1 and 32 against each target with
// @azure/storage-blob and Shared Key. Prints one JSON line per row.
// Env: TARGETS = JSON [{name, endpoint, account, key}], DURATION (s per row), WARMUP (s), SIZES, CONCURRENCY.
const { BlobServiceClient, StorageSharedKeyCredential } = require("@azure/storage-blob");
const crypto = require("crypto");

const targets = JSON.parse(process.env.TARGETS);
const DURATION = Number(process.env.DURATION || 10) * 1000;
const WARMUP = Number(process.env.WARMUP || 3) * 1000;
const SIZES = (process.env.SIZES || "1024,4194304").split(",").map(Number);
const CONCURRENCY = (process.env.CONCURRENCY || "1,32").split(",").map(Number);
const BLOBS = 64; // distinct names per size: GETs read them, PUTs overwrite them

async function drain(stream) { for await (const chunk of stream) void chunk; }

async function run(container, op, size, concurrency, ms) {
  const data = crypto.randomBytes(size);
  const latencies = [];
  let errors = 0, n = 0;
  const end = Date.now() + ms;
  async function worker(w) {
    while (Date.now() < end) {
      const blob = container.getBlockBlobClient(`b-${size}-${(n++) % BLOBS}`);
      const t0 = process.hrtime.bigint();
      try {
        if (op === "PUT") await blob.upload(data, size);
        else await drain((await blob.download()).readableStreamBody);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (e) {
        errors++;
      }
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  return { ops: latencies.length / seconds, mibps: latencies.length * size / seconds / 1048576, p50: q(0.5), p99: q(0.99), errors, count: latencies.length };
}

async function main() {
  // rows alternate between the targets, so a change in the machine's load hits both alike
  const containers = [];
  for (const t of targets) {
    const service = new BlobServiceClient(t.endpoint, new StorageSharedKeyCredential(t.account, t.key), { retryOptions: { maxTries: 1 } });
    const container = service.getContainerClient("bench");
    await container.createIfNotExists();
    containers.push({ t, container });
  }
  for (const size of SIZES) {
    const seed = crypto.randomBytes(size);
    for (const { container } of containers) {
      for (let i = 0; i < BLOBS; i++) await container.getBlockBlobClient(`b-${size}-${i}`).upload(seed, size);
    }
    for (const concurrency of CONCURRENCY) {
      for (const op of ["PUT", "GET"]) {
        for (const { t, container } of containers) {
          await run(container, op, size, concurrency, WARMUP);
          const r = await run(container, op, size, concurrency, DURATION);
          console.log(JSON.stringify({ target: t.name, op, size, concurrency, ...r }));
        }
      }
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
