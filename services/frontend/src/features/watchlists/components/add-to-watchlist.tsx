import { useId, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../lib/api-error.ts';
import { useAddWatchlistItem, useCreateWatchlist, useWatchlists } from '../api/watchlists.ts';

/** "Add to watchlist" from an instrument page; offers to create a first watchlist when there is none. */
export function AddToWatchlist({ symbol }: { symbol: string }) {
  const lists = useWatchlists();
  const add = useAddWatchlistItem();
  const create = useCreateWatchlist();
  const [chosen, setChosen] = useState('');
  const id = useId();
  const all = lists.data ?? [];
  const target = all.find((list) => list.id === chosen) ?? all[0];
  const added = add.isSuccess ? all.find((list) => list.id === add.variables.id) : undefined;

  if (lists.isPending) return null;
  if (all.length === 0) {
    return (
      <div className="inline-form">
        <button
          type="button"
          className="button"
          disabled={create.isPending}
          onClick={() =>
            create.mutate('My watchlist', { onSuccess: (list) => add.mutate({ id: list.id, symbol }) })
          }
        >
          Add to a new watchlist
        </button>
        {(create.isError || add.isError) && (
          <p role="alert" className="form-error">
            {describeError(create.error ?? add.error)}
          </p>
        )}
        {add.isSuccess && (
          <p role="status" className="form-success">
            Added {symbol} to My watchlist.
          </p>
        )}
      </div>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (target) add.mutate({ id: target.id, symbol });
      }}
    >
      {all.length > 1 && (
        <div className="field">
          <label htmlFor={id}>Watchlist</label>
          <select id={id} value={target?.id ?? ''} onChange={(event) => setChosen(event.target.value)}>
            {all.map((list) => (
              <option key={list.id} value={list.id}>
                {list.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" className="button" disabled={add.isPending}>
        Add to {all.length > 1 ? 'watchlist' : target?.name}
      </button>
      {add.isError && (
        <p role="alert" className="form-error">
          {describeError(add.error)}
        </p>
      )}
      {added && (
        <p role="status" className="form-success">
          Added {symbol} to <Link to={`/watchlists?list=${encodeURIComponent(added.id)}`}>{added.name}</Link>.
        </p>
      )}
    </form>
  );
}
