/* global __dirname */
'use strict';
// Tests run the TypeScript sources, and ts-jest does not reach worker threads: this entry compiles
// them on load and resolves the @ensemble/* aliases. The build runs sandbox.worker.js instead.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

const libs = path.resolve(__dirname, '../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@ensemble\/([a-z-]+)$/.exec(request);
  const target = alias ? path.join(libs, alias[1], 'src') : request;
  return resolveFilename.call(this, target, ...rest);
};
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
};
Module._extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  module._compile(ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText, filename);
};

module.exports = require('./sandbox.worker.ts');
