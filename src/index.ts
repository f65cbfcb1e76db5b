// ae as a library: the same core the CLI uses, without any process or console access.
export * from './errors.js';
export { AE_VERSION, BUNDLE_FORMAT_VERSION, OUTPUT_FORMAT_VERSION } from './version.js';
export { loadBackend, type BackendInfo, type BackendName } from './model/backend.js';
