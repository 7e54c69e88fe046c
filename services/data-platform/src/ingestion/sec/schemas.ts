import { z } from 'zod';

/** company_tickers.json: an object keyed "0","1",… (not an array); cik_str is a number. */
export const companyTickersSchema = z.record(
  z.string(),
  z.object({ cik_str: z.number().int().positive(), ticker: z.string(), title: z.string() }),
);

export const companyFactsSchema = z.looseObject({
  cik: z.number().int().positive(),
  entityName: z.string(),
  facts: z.record(
    z.string(),
    z.record(z.string(), z.looseObject({ units: z.record(z.string(), z.array(z.looseObject({}))) })),
  ),
});

/** submissions: cik is a zero-padded string here; older filings are paged out into `filings.files`. */
export const submissionsSchema = z.looseObject({
  cik: z.string(),
  name: z.string(),
  filings: z.looseObject({
    recent: z.looseObject({
      accessionNumber: z.array(z.string()),
      form: z.array(z.string()),
      filingDate: z.array(z.string()),
    }),
    files: z.array(
      z.looseObject({
        name: z.string().regex(/^CIK\d{10}-submissions-\d{3}\.json$/),
        filingCount: z.number(),
      }),
    ),
  }),
});

/** A paged submissions file: the same columnar arrays as `filings.recent`, at the top level. */
export const submissionsPageSchema = z.looseObject({
  accessionNumber: z.array(z.string()),
  form: z.array(z.string()),
});
