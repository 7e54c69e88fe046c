// The instrument's price chart (lightweight-charts, loaded as its own chunk): candles or a line,
// SMA 20/50/200 overlays, volume in a second pane, and a legend that follows the crosshair.
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type SeriesType,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { effectiveTheme } from '../../../lib/theme.ts';
import type { Bar } from '../api/types.ts';
import { ChartLegend } from './chart-legend.tsx';
import { SMA_KEYS, type ChartKind, type SmaKey } from './chart-types.ts';

interface Palette {
  text: string;
  grid: string;
  up: string;
  down: string;
  line: string;
  volume: string;
  sma: Record<SmaKey, string>;
}

// Colours with enough contrast on each theme's background; up/down also differ in shape (hollow/filled).
const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    text: '#3d4451',
    grid: '#e6e8ee',
    up: '#0a7d4f',
    down: '#c0282f',
    line: '#1f5fbf',
    volume: '#9aa3b5',
    sma: { sma20: '#b35c00', sma50: '#7a3fb0', sma200: '#00808a' },
  },
  dark: {
    text: '#c9cfdb',
    grid: '#2a303c',
    up: '#3ecf8e',
    down: '#ff6b6b',
    line: '#6ea8ff',
    volume: '#4b5568',
    sma: { sma20: '#ffb35c', sma50: '#c79bff', sma200: '#4fd6df' },
  },
};

interface SeriesSet {
  price: ISeriesApi<'Candlestick'> | ISeriesApi<'Line'>;
  volume: ISeriesApi<'Histogram'>;
  sma: Record<SmaKey, ISeriesApi<'Line'>>;
}

function chartOptions(palette: Palette) {
  return {
    layout: {
      background: { type: ColorType.Solid, color: 'transparent' },
      textColor: palette.text,
      fontFamily: 'inherit',
    },
    grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    rightPriceScale: { borderColor: palette.grid },
    timeScale: { borderColor: palette.grid },
  };
}

export default function PriceChart({
  bars,
  currency,
  kind,
  overlays,
  label,
}: {
  bars: readonly Bar[];
  currency: string;
  kind: ChartKind;
  overlays: Record<SmaKey, boolean>;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef<SeriesSet | null>(null);
  const [hovered, setHovered] = useState<Bar | undefined>(undefined);
  const barsByTime = useRef(new Map<string, Bar>());

  // Create the chart and its series once per chart kind; data and overlays update in place below.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const palette = PALETTES[effectiveTheme()];
    const chart = createChart(element, { autoSize: true, ...chartOptions(palette) });
    const price =
      kind === 'candles'
        ? chart.addSeries(CandlestickSeries, {
            upColor: 'transparent',
            borderUpColor: palette.up,
            wickUpColor: palette.up,
            downColor: palette.down,
            borderDownColor: palette.down,
            wickDownColor: palette.down,
          })
        : chart.addSeries(LineSeries, { color: palette.line, lineWidth: 2 });
    const sma = {
      sma20: chart.addSeries(LineSeries, {
        color: palette.sma.sma20,
        lineWidth: 1,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
      }),
      sma50: chart.addSeries(LineSeries, {
        color: palette.sma.sma50,
        lineWidth: 1,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
      }),
      sma200: chart.addSeries(LineSeries, {
        color: palette.sma.sma200,
        lineWidth: 1,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
      }),
    };
    const volume = chart.addSeries(
      HistogramSeries,
      { color: palette.volume, priceFormat: { type: 'volume' }, priceLineVisible: false },
      1,
    );
    chart.panes()[1]?.setStretchFactor(0.25);
    chartRef.current = chart;
    seriesRef.current = { price, volume, sma };

    const onMove = (param: MouseEventParams) => {
      setHovered(typeof param.time === 'string' ? barsByTime.current.get(param.time) : undefined);
    };
    chart.subscribeCrosshairMove(onMove);

    const retheme = () => {
      const next = PALETTES[effectiveTheme()];
      chart.applyOptions(chartOptions(next));
      volume.applyOptions({ color: next.volume });
      for (const key of SMA_KEYS) sma[key].applyOptions({ color: next.sma[key] });
    };
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', retheme);
    window.addEventListener('finplat-theme', retheme);
    return () => {
      media.removeEventListener('change', retheme);
      window.removeEventListener('finplat-theme', retheme);
      chart.unsubscribeCrosshairMove(onMove);
      chart.remove();
      chartRef.current = null;
      seriesRef.current = null;
    };
  }, [kind]);

  useEffect(() => {
    const series = seriesRef.current;
    if (!series) return;
    barsByTime.current = new Map(bars.map((bar) => [bar.date, bar]));
    const palette = PALETTES[effectiveTheme()];
    if (kind === 'candles') {
      // A day without open/high/low draws as a flat candle at the close rather than a gap or a zero.
      (series.price as ISeriesApi<SeriesType>).setData(
        bars.map((bar) => ({
          time: bar.date,
          open: bar.open ?? bar.close,
          high: bar.high ?? bar.close,
          low: bar.low ?? bar.close,
          close: bar.close,
        })),
      );
    } else {
      (series.price as ISeriesApi<SeriesType>).setData(
        bars.map((bar) => ({ time: bar.date, value: bar.close })),
      );
    }
    series.volume.setData(
      bars.map((bar) => ({
        time: bar.date,
        value: bar.volume ?? 0,
        color: bar.close >= (bar.open ?? bar.close) ? `${palette.up}66` : `${palette.down}66`,
      })),
    );
    for (const key of SMA_KEYS) {
      series.sma[key].setData(
        overlays[key]
          ? bars.flatMap((bar) => (bar[key] === null ? [] : [{ time: bar.date, value: bar[key] }]))
          : [],
      );
    }
    chartRef.current?.timeScale().fitContent();
  }, [bars, kind, overlays]);

  const shown = hovered ?? bars[bars.length - 1];
  return (
    <div className="price-chart">
      <ChartLegend bar={shown} currency={currency} overlays={overlays} />
      <div
        ref={container}
        className="price-chart-canvas"
        role="img"
        aria-label={label}
        data-testid="price-chart"
      />
    </div>
  );
}
