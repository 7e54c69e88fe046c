export { loadConfig, ConfigError, type Config, type SourcesMode } from './config.ts';
export { resolveLakeUrl, type LakeLocation } from './lake-url.ts';
