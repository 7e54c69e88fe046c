// The XBRL concepts the synthetic companyfacts report.

export interface Concept {
  readonly taxonomy: 'dei' | 'us-gaap';
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly unit: 'USD' | 'USD/shares' | 'shares';
}

// Labels and descriptions as the SEC serves them (copied from the recorded MRVL companyfacts).
export const CONCEPTS = {
  shares: {
    taxonomy: 'dei',
    name: 'EntityCommonStockSharesOutstanding',
    label: 'Entity Common Stock, Shares Outstanding',
    description:
      "Indicate number of shares or other units outstanding of each of registrant's classes of capital or common stock or other ownership interests, if and as stated on cover of related periodic report. Where multiple classes or units exist define each class/interest by adding class of stock items such as Common Class A [Member], Common Class B [Member] or Partnership Interest [Member] onto the Instrument [Domain] of the Entity Listings, Instrument.",
    unit: 'shares',
  },
  assets: {
    taxonomy: 'us-gaap',
    name: 'Assets',
    label: 'Assets',
    description:
      'Sum of the carrying amounts as of the balance sheet date of all assets that are recognized. Assets are probable future economic benefits obtained or controlled by an entity as a result of past transactions or events.',
    unit: 'USD',
  },
  epsBasic: {
    taxonomy: 'us-gaap',
    name: 'EarningsPerShareBasic',
    label: 'Earnings Per Share, Basic',
    description:
      'The amount of net income (loss) for the period per each share of common stock or unit outstanding during the reporting period.',
    unit: 'USD/shares',
  },
  epsDiluted: {
    taxonomy: 'us-gaap',
    name: 'EarningsPerShareDiluted',
    label: 'Earnings Per Share, Diluted',
    description:
      'The amount of net income (loss) for the period available to each share of common stock or common unit outstanding during the reporting period and to each share or unit that would have been outstanding assuming the issuance of common shares or units for all dilutive potential common shares or units outstanding during the reporting period.',
    unit: 'USD/shares',
  },
  liabilities: {
    taxonomy: 'us-gaap',
    name: 'Liabilities',
    label: 'Liabilities',
    description:
      'Sum of the carrying amounts as of the balance sheet date of all liabilities that are recognized. Liabilities are probable future sacrifices of economic benefits arising from present obligations of an entity to transfer assets or provide services to other entities in the future.',
    unit: 'USD',
  },
  netIncome: {
    taxonomy: 'us-gaap',
    name: 'NetIncomeLoss',
    label: 'Net Income (Loss) Attributable to Parent',
    description:
      'The portion of profit or loss for the period, net of income taxes, which is attributable to the parent.',
    unit: 'USD',
  },
  revenues: {
    taxonomy: 'us-gaap',
    name: 'Revenues',
    label: 'Revenues',
    description:
      'Amount of revenue recognized from goods sold, services rendered, insurance premiums, or other activities that constitute an earning process. Includes, but is not limited to, investment and interest income before deduction of interest expense when recognized as a component of revenue, and sales and trading gain (loss).',
    unit: 'USD',
  },
  equity: {
    taxonomy: 'us-gaap',
    name: 'StockholdersEquity',
    label: "Stockholders' Equity Attributable to Parent",
    description:
      "Total of all stockholders' equity (deficit) items, net of receivables from officers, directors, owners, and affiliates of the entity which are attributable to the parent. The amount of the economic entity's stockholders' equity attributable to the parent excludes the amount of stockholders' equity which is allocable to that ownership interest in subsidiary equity which is not attributable to the parent (noncontrolling interest, minority interest). This excludes temporary equity and is sometimes called permanent equity.",
    unit: 'USD',
  },
  dilutedShares: {
    taxonomy: 'us-gaap',
    name: 'WeightedAverageNumberOfDilutedSharesOutstanding',
    label: 'Weighted Average Number of Shares Outstanding, Diluted',
    description:
      'The average number of shares or units issued and outstanding that are used in calculating diluted EPS or earnings per unit (EPU), determined based on the timing of issuance of shares or units in the period.',
    unit: 'shares',
  },
} as const satisfies Record<string, Concept>;

export type ConceptKey = keyof typeof CONCEPTS;
