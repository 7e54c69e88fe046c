import cliProgress from 'cli-progress';
import type { IngestReporter, SourceSummary } from '../ingestion/run-ingest.ts';
import type { SourceName } from '../ingestion/source.ts';
import type { Logger } from './logger.ts';

/**
 * On a terminal: one live bar per source (done/total, retries, failures, rate).
 * Otherwise: log lines for start, retries, failures and completion (plain or JSON).
 */
export function createReporter(options: {
  interactive: boolean;
  logger: Logger;
}): IngestReporter & { stop(): void } {
  if (options.interactive) return barReporter();
  return logReporter(options.logger);
}

function done(s: Readonly<SourceSummary>): number {
  return s.written + s.unchanged + s.failed;
}

function barReporter(): IngestReporter & { stop(): void } {
  const multibar = new cliProgress.MultiBar(
    {
      format: ' {source} [{bar}] {value}/{total} | retries {retries} | failed {failed} | {rate} obj/s',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_grey,
  );
  const bars = new Map<SourceName, cliProgress.SingleBar>();
  const started = new Map<SourceName, number>();
  const payload = (source: SourceName, s?: Readonly<SourceSummary>): Record<string, string | number> => {
    const seconds = (performance.now() - (started.get(source) ?? performance.now())) / 1000;
    const n = s ? done(s) : 0;
    return {
      source: source.padEnd(8),
      retries: s?.retries ?? 0,
      failed: s?.failed ?? 0,
      rate: seconds > 0 ? (n / seconds).toFixed(1) : '0.0',
    };
  };
  const barOf = (source: SourceName): cliProgress.SingleBar => {
    let bar = bars.get(source);
    if (!bar) {
      started.set(source, performance.now());
      bar = multibar.create(0, 0, payload(source));
      bars.set(source, bar);
    }
    return bar;
  };
  return {
    planned(source, total) {
      barOf(source).setTotal(total);
    },
    progressed(source, s) {
      barOf(source).update(done(s), payload(source, s));
    },
    retried(event) {
      multibar.log(
        `retry ${event.source}: ${event.reason} (attempt ${event.attempt}, waiting ${Math.round(event.delayMs)} ms)\n`,
      );
    },
    failed(source, f) {
      multibar.log(`FAILED ${source} ${f.dataset}/${f.key}: ${f.error}\n`);
    },
    finished(s) {
      const bar = barOf(s.source);
      bar.update(done(s), payload(s.source, s));
      if (s.error) multibar.log(`FAILED ${s.source}: ${s.error}\n`);
    },
    stop() {
      multibar.stop();
    },
  };
}

function logReporter(logger: Logger): IngestReporter & { stop(): void } {
  const announced = new Set<SourceName>();
  return {
    // Sources refine their plan as they learn more (SEC: CIKs, paged files); announce the first.
    planned(source, total) {
      if (announced.has(source)) return;
      announced.add(source);
      logger.info(`${source}: ${total} object(s) to fetch`, { source, planned: total });
    },
    retried(event) {
      logger.warn(
        `${event.source}: retrying ${event.url} in ${Math.round(event.delayMs)} ms (attempt ${event.attempt}): ${event.reason}`,
        { ...event },
      );
    },
    failed(source, f) {
      logger.error(`${source}: ${f.dataset}/${f.key} failed: ${f.error}`, { source, ...f });
    },
    finished(s) {
      const { failures: _failures, ...fields } = s;
      if (s.error) logger.error(`${s.source}: source failed: ${s.error}`, fields);
      logger.info(
        `${s.source}: done: ${s.written} written, ${s.unchanged} unchanged, ${s.failed} failed in ${s.seconds.toFixed(1)} s`,
        fields,
      );
    },
    stop() {
      // nothing to tear down
    },
  };
}
