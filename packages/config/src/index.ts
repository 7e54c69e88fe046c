export { loadConfig, ConfigError, CONFIG_KEYS, type Config, type SourcesMode } from './config.ts';
export { resolveLakeUrl, type LakeLocation } from './lake-url.ts';
