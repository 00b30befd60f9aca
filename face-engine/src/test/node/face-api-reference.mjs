// Generates the dlib recogniser's known-output fixture (model.DlibRecogniserTest): face-api's own
// recogniser (tfjs CPU backend, the tfjs build bundled in @vladmandic/face-api@1.7.15's dist/face-api.esm.js - no other npm
// package needed) run on a fixed 150x150 RGB input (binary PPM). The input is synthetic, so no
// test photo enters the repository: byte (x, y, channel c) = (x*7 + y*13 + c*101 + floor(x*y/16)) mod 256,
// written with the header "P6\n150 150\n255\n" (model.FaceApiReference.syntheticInput rebuilds it), e.g.
//
//   python3 -c "import sys; sys.stdout.buffer.write(b'P6\n150 150\n255\n'+bytes((x*7+y*13+c*101+(x*y)//16)%256 for y in range(150) for x in range(150) for c in range(3)))" > /tmp/synth.ppm
//   mkdir -p /tmp/fa && tar xzf ~/.cache/consentry/npm/vladmandic-face-api-1.7.15.tgz -C /tmp/fa
//   node face-engine/src/test/node/face-api-reference.mjs /tmp/fa/package /tmp/synth.ppm \
//        > face-engine/src/test/resources/io/consentry/face/model/face-api-reference.json
//
// Run once; the JSON output is committed, the tarball is not.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [pkgDir, ppmPath] = process.argv.slice(2);
if (!pkgDir || !ppmPath) {
  console.error('usage: node face-api-reference.mjs FACE_API_PACKAGE_DIR CHIP.ppm');
  process.exit(2);
}

// The ESM bundle would register tfjs's Node platform, which needs util shims the browser
// bundle leaves empty; hide process.versions.node while importing, so it stays platform-neutral.
const versions = process.versions;
Object.defineProperty(process, 'versions', { value: {}, configurable: true });
const faceapi = await import(pathToFileURL(`${pkgDir}/dist/face-api.esm.js`).href);
Object.defineProperty(process, 'versions', { value: versions, configurable: true });
const tf = faceapi.tf;
// ...and give it a minimal platform instead (only typed-array checks and UTF-8 are used here)
tf.env().setPlatform('node-minimal', {
  fetch: () => { throw new Error('no fetch'); },
  now: () => performance.now(),
  encode: (s) => new TextEncoder().encode(s),
  decode: (b, enc) => new TextDecoder(enc).decode(b),
  isTypedArray: (a) => a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint8Array
    || a instanceof Uint8ClampedArray,
});
// face-api's own environment: only tensors are passed in, so the media classes are placeholders
class NoMedia {}
faceapi.env.setEnv({
  Canvas: NoMedia, CanvasRenderingContext2D: NoMedia, Image: NoMedia, ImageData: NoMedia, Video: NoMedia,
  createCanvasElement: () => { throw new Error('no canvas'); },
  createImageElement: () => { throw new Error('no image element'); },
  createVideoElement: () => { throw new Error('no video element'); },
  fetch: () => { throw new Error('no fetch'); },
  readFile: () => { throw new Error('no readFile'); },
});
await tf.setBackend('cpu');
await tf.ready();

// weights: the same manifest + shard the Java converter reads
const manifest = JSON.parse(readFileSync(`${pkgDir}/model/face_recognition_model-weights_manifest.json`, 'utf8'));
const specs = manifest.flatMap((g) => g.weights);
const shards = manifest.flatMap((g) => g.paths).map((p) => readFileSync(`${pkgDir}/model/${p}`));
const buf = Buffer.concat(shards);
const weightMap = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), specs);
const net = new faceapi.FaceRecognitionNet();
net.loadFromWeightMap(weightMap);

// binary PPM (P6, maxval 255), no comments
const ppm = readFileSync(ppmPath);
const header = ppm.toString('latin1', 0, 32).split(/\s+/);
if (header[0] !== 'P6' || header[3] !== '255') throw new Error('expected a binary P6 PPM with maxval 255');
const w = Number(header[1]);
const h = Number(header[2]);
const offset = ppm.length - w * h * 3;
const pixels = new Int32Array(w * h * 3);
for (let i = 0; i < pixels.length; i++) pixels[i] = ppm[offset + i];
const input = tf.tensor4d(pixels, [1, h, w, 3], 'int32');

const descriptor = await net.computeFaceDescriptor(input);
console.log(JSON.stringify({
  generator: 'face-engine/src/test/node/face-api-reference.mjs',
  faceApi: JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8')).version,
  tfjs: tf.version['tfjs-core'],
  backend: tf.getBackend(),
  input: { file: ppmPath.split('/').pop(), sha256: createHash('sha256').update(ppm).digest('hex'), width: w, height: h },
  descriptor: Array.from(descriptor),
}, null, 1));
