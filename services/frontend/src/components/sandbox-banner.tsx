import { useDataStatus } from '../lib/data-status.ts';
import { formatDate } from '../lib/format.ts';

/** Says plainly when the figures come from the offline sandbox, not from real markets. */
export function SandboxBanner({ forceSandbox = false }: { forceSandbox?: boolean }) {
  const status = useDataStatus();
  if (!forceSandbox && status.data?.sandbox !== true) return null;
  return (
    <div className="sandbox-banner" role="note" aria-label="Sample data">
      <strong>Sample data.</strong> Prices, filings and FX rates here come from the offline sandbox, not from
      real markets
      {status.data?.goldDate ? ` (data as of ${formatDate(status.data.goldDate)})` : ''}. Do not base
      decisions on them.
    </div>
  );
}
