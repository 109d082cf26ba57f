// The Blob endpoint with the unmodified Azure Storage SDK for JavaScript (@azure/storage-blob): Shared Key on
// path style (https://127.0.0.1:PORT/ACCOUNT) and host style (https://ACCOUNT.blob.SUFFIX:PORT), a 256 MiB upload in
// blocks, ranged downloads, container SAS and the refusals (wrong key, expired SAS, missing permission).
// Env: ARM_ENDPOINT CLIENT_ID CLIENT_SECRET SUBSCRIPTION_ID (bootstrap.env), NODE_EXTRA_CA_CERTS, SA (account name
// whose blob host resolves to the appliance), TMPDIR.
const {
  BlobServiceClient, StorageSharedKeyCredential, ContainerSASPermissions, generateBlobSASQueryParameters, SASProtocol,
} = require("@azure/storage-blob");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ARM = process.env.ARM_ENDPOINT.replace(/\/+$/, "");
const SUB = process.env.SUBSCRIPTION_ID;
const SA = process.env.SA || "stratoblobjs";
const RG = `rg-blob-js-${Date.now() % 100000}`;
const TMP = process.env.TMPDIR || os.tmpdir();
let token, passed = 0, failed = 0;

async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`OK   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${(e && e.stack || String(e)).split("\n").slice(0, 3).join(" | ")}`);
  }
}
function check(cond, what) { if (!cond) throw new Error(what); }
async function refused(status, code, fn) {
  try { await fn(); } catch (e) {
    check(e.statusCode === status, `status ${e.statusCode}, expected ${status}`);
    check((e.code || (e.details && e.details.errorCode)) === code, `code ${e.code}, expected ${code}`);
    return;
  }
  throw new Error("accepted");
}

async function arm(method, p, body) {
  const r = await fetch(ARM + p, {
    method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : {} };
}

async function login() {
  const meta = await (await fetch(`${ARM}/metadata/endpoints?api-version=2015-01-01`)).json();
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET, resource: meta.authentication.audiences[0] });
  token = (await (await fetch(`${ARM}/adfs/oauth2/token`, { method: "POST", body: form })).json()).access_token;
  check(token, "no token");
}

async function sha256(stream) {
  const h = crypto.createHash("sha256");
  for await (const chunk of stream) h.update(chunk);
  return h.digest("hex");
}

async function main() {
  await login();
  const account = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${SA}`;
  const V = "?api-version=2022-09-01";
  let service, hostEndpoint, pathEndpoint, cred;
  await step("group and account", async () => {
    check((await arm("PUT", `/subscriptions/${SUB}/resourcegroups/${RG}?api-version=2021-04-01`, { location: "local" })).status === 201, "group");
    const created = await arm("PUT", account + V, { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "local" });
    check(created.status === 202, `account ${created.status} ${JSON.stringify(created.json)}`);
    let a;
    for (let i = 0; i < 120; i++) {
      a = await arm("GET", created.headers.get("location").replace(ARM, ""));
      if (a.status !== 202) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    hostEndpoint = a.json.properties.primaryEndpoints.blob;
    pathEndpoint = `https://127.0.0.1:${new URL(hostEndpoint).port}/${SA}`;
    const keys = await arm("POST", `${account}/listKeys${V}`);
    cred = new StorageSharedKeyCredential(SA, keys.json.keys[0].value);
    service = new BlobServiceClient(pathEndpoint, cred);
  });
  if (!service) { console.log(`SUMMARY ${passed} passed, ${failed} failed`); process.exit(1); }

  const container = service.getContainerClient("jsdata");
  await step("container create", async () => { await container.create(); });
  await step("container create again is ContainerAlreadyExists", () => refused(409, "ContainerAlreadyExists", () => container.create()));
  await step("small blob round-trips with metadata", async () => {
    const b = container.getBlockBlobClient("dir/small.txt");
    await b.upload("hello from js", 13, { metadata: { colour: "green" }, blobHTTPHeaders: { blobContentType: "text/plain" } });
    const body = (await b.downloadToBuffer()).toString();
    check(body === "hello from js", body);
    const p = await b.getProperties();
    check(p.metadata.colour === "green" && p.contentType === "text/plain" && p.contentLength === 13, JSON.stringify(p.metadata));
  });
  await step("If-None-Match * on an existing blob is BlobAlreadyExists", () => refused(409, "BlobAlreadyExists",
    () => container.getBlockBlobClient("dir/small.txt").upload("x", 1, { conditions: { ifNoneMatch: "*" } })));
  await step("If-Match with another ETag is ConditionNotMet", () => refused(412, "ConditionNotMet",
    () => container.getBlockBlobClient("dir/small.txt").upload("x", 1, { conditions: { ifMatch: "\"0x8DD000000000000\"" } })));
  await step("list flat and by hierarchy", async () => {
    await container.getBlockBlobClient("top.txt").upload("t", 1);
    const flat = [];
    for await (const b of container.listBlobsFlat()) flat.push(b.name);
    check(JSON.stringify(flat) === JSON.stringify(["dir/small.txt", "top.txt"]), JSON.stringify(flat));
    const tree = [];
    for await (const item of container.listBlobsByHierarchy("/")) tree.push(item.kind === "prefix" ? `${item.name}` : item.name);
    check(tree.sort().join(",") === "dir/,top.txt", tree.join(","));
  });

  const big = path.join(TMP, "blob-js-256m.bin");
  await step("256 MiB upload in blocks, ranged and whole downloads", async () => {
    const fd = fs.openSync(big, "w");
    const chunk = Buffer.alloc(1024 * 1024);
    const sent = crypto.createHash("sha256");
    for (let i = 0; i < 256; i++) { crypto.randomFillSync(chunk); sent.update(chunk); fs.writeSync(fd, chunk); }
    fs.closeSync(fd);
    const b = container.getBlockBlobClient("big.bin");
    await b.uploadFile(big, { blockSize: 8 * 1024 * 1024, concurrency: 4, maxSingleShotSize: 4 * 1024 * 1024 });
    const p = await b.getProperties();
    check(p.contentLength === 256 * 1024 * 1024, `size ${p.contentLength}`);
    const offset = 200 * 1024 * 1024 + 7, count = 1_000_000;
    const range = await b.downloadToBuffer(offset, count);
    const expected = Buffer.alloc(count);
    const rfd = fs.openSync(big, "r");
    fs.readSync(rfd, expected, 0, count, offset);
    fs.closeSync(rfd);
    check(range.equals(expected), "range differs");
    const whole = await b.download();
    check(await sha256(whole.readableStreamBody) === sent.digest("hex"), "whole blob differs");
  });
  fs.rmSync(big, { force: true });

  await step("container SAS reads and lists", async () => {
    const sas = generateBlobSASQueryParameters({ containerName: "jsdata", permissions: ContainerSASPermissions.parse("rl"),
      expiresOn: new Date(Date.now() + 3600_000), protocol: SASProtocol.Https }, cred).toString();
    const viaSas = new BlobServiceClient(`${pathEndpoint}?${sas}`).getContainerClient("jsdata");
    const names = [];
    for await (const b of viaSas.listBlobsFlat()) names.push(b.name);
    check(names.includes("top.txt"), names.join(","));
    check((await viaSas.getBlockBlobClient("top.txt").downloadToBuffer()).toString() === "t", "download");
    await refused(403, "AuthorizationPermissionMismatch", () => viaSas.getBlockBlobClient("nope").upload("n", 1));
  });
  await step("an expired SAS is AuthenticationFailed", async () => {
    const sas = generateBlobSASQueryParameters({ containerName: "jsdata", permissions: ContainerSASPermissions.parse("rl"),
      startsOn: new Date(Date.now() - 7200_000), expiresOn: new Date(Date.now() - 3600_000) }, cred).toString();
    const late = new BlobServiceClient(`${pathEndpoint}?${sas}`).getContainerClient("jsdata");
    await refused(403, "AuthenticationFailed", async () => { for await (const b of late.listBlobsFlat()) void b; });
  });
  await step("a wrong key is AuthenticationFailed", async () => {
    const bad = new BlobServiceClient(pathEndpoint, new StorageSharedKeyCredential(SA, Buffer.alloc(64).toString("base64")));
    await refused(403, "AuthenticationFailed", async () => { for await (const c of bad.listContainers()) void c; });
  });
  await step("host style reaches the same containers", async () => {
    const names = [];
    for await (const c of new BlobServiceClient(hostEndpoint, cred).listContainers()) names.push(c.name);
    check(names.includes("jsdata"), names.join(","));
  });
  await step("blob delete, then BlobNotFound", async () => {
    await container.getBlockBlobClient("top.txt").delete();
    await refused(404, "BlobNotFound", () => container.getBlockBlobClient("top.txt").getProperties());
  });
  await step("container delete", async () => { await container.delete(); });
  await arm("DELETE", `/subscriptions/${SUB}/resourcegroups/${RG}?api-version=2021-04-01`);
  console.log(`SUMMARY ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`FAIL unexpected: ${e.stack}`); console.log(`SUMMARY ${passed} passed, ${failed + 1} failed`); process.exit(1); });
