// Reference outputs of the nsfwjs@4.4.0 networks from TensorFlow.js itself, for NsfwjsReferenceIT.
//
// Usage (once, by a developer; the outputs are checked in):
//   npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz      # -> package/
//   npm install @tensorflow/tfjs@4.22.0                    # pure JavaScript, cpu backend
//   node tfjs-reference.js package /usr/share/datasets/fashion-mnist ../resources/tfjs/nsfwjs-reference.json
//
// The model files are the package's own JavaScript modules (module.exports = artifact / base64 shard),
// loaded with require(), so TF.js reads exactly the bytes transfer4j reads. The inputs are real images:
// Fashion-MNIST test images 0, 1 and 2, upsampled by nearest neighbour (source row floor(y * 28 / size)),
// grey copied to R, G and B, divided by 255: NHWC float32, as NsfwjsReferenceIT builds them.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const tf = require('@tensorflow/tfjs');

function images(dir, size, count) {
  const gz = path.join(dir, 't10k-images-idx3-ubyte.gz');
  const raw = fs.existsSync(gz) ? zlib.gunzipSync(fs.readFileSync(gz)) : fs.readFileSync(path.join(dir, 't10k-images-idx3-ubyte'));
  const out = new Float32Array(count * size * size * 3);
  let k = 0;
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = raw[16 + n * 784 + Math.floor(y * 28 / size) * 28 + Math.floor(x * 28 / size)] / 255;
        out[k++] = v; out[k++] = v; out[k++] = v;
      }
    }
  }
  return tf.tensor4d(out, [count, size, size, 3]);
}

async function model(pkg, name) {
  const dir = path.resolve(pkg, 'dist', 'models', name);
  const artifact = require(path.join(dir, 'model.min.js'));
  const specs = [].concat(...artifact.weightsManifest.map(g => g.weights));
  const shards = [].concat(...artifact.weightsManifest.map(g => g.paths.map(p => Buffer.from(require(path.join(dir, p + '.min.js')), 'base64'))));
  const all = Buffer.concat(shards);
  const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({modelTopology: artifact.modelTopology, weightSpecs: specs, weightData: data}));
}

async function main() {
  const [pkg, fashion, out] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const result = {tfjs: tf.version.tfjs, package: 'nsfwjs@4.4.0', inputs: 'fashion-mnist test images 0,1,2', models: {}};
  for (const [name, size] of [['mobilenet_v2', 224], ['inception_v3', 299]]) {
    const m = await model(pkg, name);
    const y = m.predict(images(fashion, size, 3));
    result.models[name] = {size, output: await y.array()};
  }
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n'); // TF.js prints a banner on stdout
}
main().catch(e => { console.error(e); process.exit(1); });
