import { z } from 'zod';

/** The parts of a v8 chart response we rely on downstream; everything else is kept verbatim in bronze. */
export const chartResponseSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: z.looseObject({
            symbol: z.string(),
            currency: z.string().nullable().optional(),
            exchangeTimezoneName: z.string(),
          }),
          timestamp: z.array(z.number()).optional(),
          events: z
            .looseObject({
              dividends: z.record(z.string(), z.unknown()).optional(),
              splits: z.record(z.string(), z.unknown()).optional(),
            })
            .optional(),
          indicators: z.looseObject({ quote: z.array(z.looseObject({})) }),
        }),
      )
      .nullable(),
    error: z.object({ code: z.string(), description: z.string() }).nullable(),
  }),
});
