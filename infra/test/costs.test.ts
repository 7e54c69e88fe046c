import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTerraformDir, type TerraformConfig } from './hcl.ts';
import { REPO_ROOT, TERRAFORM_DIR } from './paths.ts';

interface Line {
  readonly component: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly monthly: number;
}

const firstNumber = (cell: string): number => {
  const match = /-?\d+(\.\d+)?/.exec(cell.replace(/,/g, ''));
  if (match === null) throw new Error(`COSTS.md: no number in "${cell}"`);
  return Number(match[0]);
};

/** The table under a `## heading`: its component lines and its bold total. */
function table(markdown: string, heading: string): { lines: Line[]; total: number } {
  const start = markdown.indexOf(`## ${heading}`);
  if (start === -1) throw new Error(`COSTS.md has no section "## ${heading}"`);
  const rows = markdown
    .slice(start)
    .split('\n')
    .slice(1)
    .filter(
      (line, i, all) =>
        line.startsWith('|') && all.slice(0, i).every((l) => l.startsWith('|') || l.trim() === ''),
    );
  const cells = rows.map((row) =>
    row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
  const body = cells.filter((c) => !/^-+$/.test(c[0] ?? '') && c[0] !== 'component');
  const totalRow = body.find((c) => c[0] === '**Total**');
  if (totalRow === undefined) throw new Error(`COSTS.md "${heading}": no **Total** row`);
  const lines = body
    .filter((c) => c !== totalRow)
    .map((c) => ({
      component: c[0] ?? '',
      quantity: firstNumber(c[1] ?? ''),
      unitPrice: firstNumber(c[2] ?? ''),
      monthly: firstNumber(c[3] ?? ''),
    }));
  return { lines, total: firstNumber(totalRow[3] ?? '') };
}

const costs = readFileSync(path.join(REPO_ROOT, 'infra', 'COSTS.md'), 'utf8');
let defaults: Record<string, unknown>;

beforeAll(async () => {
  const { config }: { config: TerraformConfig } = await loadTerraformDir(TERRAFORM_DIR);
  defaults = Object.fromEntries(config.variables.map((v) => [v.name, v.body.default]));
});

const cents = (usd: number): number => Math.round(usd * 100);

describe('infra/COSTS.md', () => {
  for (const heading of ['Default: host and database up 16 hours a day', 'Always on']) {
    it(`"${heading}": every line is quantity × unit price and the lines sum to the total`, () => {
      const { lines, total } = table(costs, heading);
      expect(lines.length).toBeGreaterThan(4);
      for (const line of lines) {
        expect(cents(line.quantity * line.unitPrice), line.component).toBe(cents(line.monthly));
      }
      expect(cents(lines.reduce((sum, l) => sum + l.monthly, 0))).toBe(cents(total));
    });
  }

  it('prices the default deployment at 20-25 USD a month and states the prices used and their date', () => {
    expect(table(costs, 'Default: host and database up 16 hours a day').total).toBeGreaterThanOrEqual(20);
    expect(table(costs, 'Default: host and database up 16 hours a day').total).toBeLessThanOrEqual(25);
    expect(costs).toMatch(/\*\*Prices used\*\*:[^]*us-east-1[^]*as of \d{4}-\d{2}-\d{2}/);
  });

  it('prices what Terraform deploys by default', () => {
    const { lines } = table(costs, 'Default: host and database up 16 hours a day');
    const line = (prefix: string): Line => {
      const found = lines.find((l) => l.component.startsWith(prefix));
      if (found === undefined) throw new Error(`COSTS.md has no line "${prefix}…"`);
      return found;
    };
    expect(line(`EC2 host, ${String(defaults.host_instance_type)}`).quantity).toBeCloseTo((730 * 16) / 24, 2);
    expect(line(`RDS for PostgreSQL, ${String(defaults.db_instance_class)}`).quantity).toBeCloseTo(
      (730 * 16) / 24,
      2,
    );
    expect(line('EBS gp3 root volume').quantity).toBe(defaults.host_root_volume_gb);
    expect(line('RDS gp3 storage').quantity).toBe(defaults.db_allocated_storage_gb);
    const window = defaults.active_hours as { enabled: boolean; start_cron: string; stop_cron: string };
    expect(window.enabled).toBe(true);
    const hour = (cron: string): number => Number(/^cron\(\d+ (\d+) /.exec(cron)?.[1]);
    expect(hour(window.stop_cron) - hour(window.start_cron)).toBe(16);
  });

  it('notices a line whose arithmetic is wrong', () => {
    const broken = costs.replace('| 486.67 h | 0.0168 per h | 8.18 |', '| 486.67 h | 0.0168 per h | 9.18 |');
    const { lines } = table(broken, 'Default: host and database up 16 hours a day');
    const wrong = lines.filter((l) => cents(l.quantity * l.unitPrice) !== cents(l.monthly));
    expect(wrong.map((l) => l.component)).toEqual(['EC2 host, t4g.small (Airflow, pipeline, app)']);
  });
});
