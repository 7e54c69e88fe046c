import { useState } from 'react';
import { DonutChart } from '../../../components/charts/donut-chart.tsx';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { EmptyState, QueryView } from '../../../components/ui/states.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { useAllocation } from '../api/allocation.ts';
import { ALLOCATION_DIMENSIONS, type AllocationDimension } from '../api/types.ts';

const DIMENSION_LABEL: Record<AllocationDimension, string> = {
  sector: 'Sector',
  currency: 'Currency',
  security_type: 'Type',
  country: 'Country',
};

export function AllocationPanel({
  portfolioId,
  baseCurrency,
}: {
  portfolioId: string;
  baseCurrency: string;
}) {
  const [by, setBy] = useState<AllocationDimension>('sector');
  const allocation = useAllocation(portfolioId, by);
  return (
    <div>
      <Segmented
        label="Group allocation by"
        options={ALLOCATION_DIMENSIONS}
        value={by}
        onChange={setBy}
        renderLabel={(d) => DIMENSION_LABEL[d]}
      />
      <QueryView query={allocation} what="the allocation">
        {(slices) =>
          slices.length === 0 ? (
            <EmptyState title="Nothing to allocate yet" />
          ) : (
            <DonutChart
              label={`Allocation by ${DIMENSION_LABEL[by].toLowerCase()}`}
              slices={slices.map((slice) => ({
                label: slice.label,
                weight: slice.weight,
                ...(slice.valueBase ? { valueText: formatMoney(slice.valueBase, baseCurrency) } : {}),
              }))}
            />
          )
        }
      </QueryView>
    </div>
  );
}
