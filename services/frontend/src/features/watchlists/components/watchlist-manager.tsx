// Watchlists: pick one, create, rename, delete; add symbols (with suggestions) and remove them.
import { useId, useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, QueryView } from '../../../components/ui/states.tsx';
import { describeError } from '../../../lib/api-error.ts';
import { InstrumentSearch } from '../../instruments/components/instrument-search.tsx';
import {
  useAddWatchlistItem,
  useCreateWatchlist,
  useDeleteWatchlist,
  useRemoveWatchlistItem,
  useRenameWatchlist,
  useWatchlist,
  useWatchlists,
  type Watchlist,
} from '../api/watchlists.ts';
import { WatchlistTable } from './watchlist-rows.tsx';

function CreateWatchlist({ onCreated }: { onCreated: (id: string) => void }) {
  const create = useCreateWatchlist();
  const [name, setName] = useState('');
  const id = useId();
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(name.trim(), {
      onSuccess: (list) => {
        setName('');
        onCreated(list.id);
      },
    });
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>New watchlist name</label>
        <input
          id={id}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={100}
        />
      </div>
      <button type="submit" className="button" disabled={create.isPending}>
        Create watchlist
      </button>
      {create.isError && (
        <p role="alert" className="form-error">
          {describeError(create.error)}
        </p>
      )}
    </form>
  );
}

function AddSymbol({ watchlistId }: { watchlistId: string }) {
  const add = useAddWatchlistItem();
  const [symbol, setSymbol] = useState('');
  function addSymbol(value: string) {
    const clean = value.trim().toUpperCase();
    if (!clean) return;
    add.mutate({ id: watchlistId, symbol: clean }, { onSuccess: () => setSymbol('') });
  }
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        addSymbol(symbol);
      }}
    >
      <InstrumentSearch label="Add a symbol" value={symbol} onChange={setSymbol} />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        Add
      </button>
      {add.isError && (
        <p role="alert" className="form-error">
          {describeError(add.error)}
        </p>
      )}
    </form>
  );
}

function WatchlistDetail({ list, onDeleted }: { list: Watchlist; onDeleted: () => void }) {
  const detail = useWatchlist(list.id);
  const rename = useRenameWatchlist();
  const remove = useDeleteWatchlist();
  const removeItem = useRemoveWatchlistItem();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(list.name);
  const [confirming, setConfirming] = useState(false);
  const renameId = useId();
  return (
    <section className="card" aria-labelledby={`${renameId}-title`}>
      <div className="section-header">
        {renaming ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim())
                rename.mutate({ id: list.id, name: name.trim() }, { onSuccess: () => setRenaming(false) });
            }}
          >
            <div className="field">
              <label htmlFor={renameId}>Watchlist name</label>
              <input id={renameId} value={name} onChange={(event) => setName(event.target.value)} required />
            </div>
            <button type="submit" className="button button-primary">
              Save
            </button>
            <button type="button" className="button button-ghost" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <h2 id={`${renameId}-title`}>{list.name}</h2>
        )}
        <div className="toolbar">
          {!renaming && (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                setName(list.name);
                setRenaming(true);
              }}
            >
              Rename
            </button>
          )}
          {confirming ? (
            <>
              <button
                type="button"
                className="button button-danger"
                onClick={() => remove.mutate(list.id, { onSuccess: onDeleted })}
              >
                Delete {list.name}
              </button>
              <button type="button" className="button button-ghost" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button button-ghost" onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      {(rename.isError || remove.isError) && (
        <p role="alert" className="form-error">
          {describeError(rename.error ?? remove.error)}
        </p>
      )}
      <AddSymbol watchlistId={list.id} />
      <QueryView query={detail} what={`the watchlist ${list.name}`}>
        {(data) =>
          (data.items ?? []).length === 0 ? (
            <EmptyState title="No symbols yet">
              <p>Search for a symbol or a company name above.</p>
            </EmptyState>
          ) : (
            <WatchlistTable
              items={data.items ?? []}
              caption={`Watchlist ${data.name}`}
              onRemove={(symbol) => removeItem.mutate({ id: list.id, symbol })}
            />
          )
        }
      </QueryView>
    </section>
  );
}

export function WatchlistManager() {
  const lists = useWatchlists();
  const [params, setParams] = useSearchParams();
  const select = (id: string | null) => setParams(id ? { list: id } : {}, { replace: true });
  return (
    <QueryView query={lists} what="your watchlists">
      {(all) => {
        const chosen = all.find((list) => list.id === params.get('list')) ?? all[0];
        return (
          <div className="watchlists">
            <div className="watchlist-picker">
              {all.length > 0 && (
                <nav aria-label="Watchlists">
                  <ul className="tabs">
                    {all.map((list) => (
                      <li key={list.id}>
                        <button
                          type="button"
                          className={list.id === chosen?.id ? 'tab tab-active' : 'tab'}
                          aria-current={list.id === chosen?.id ? 'true' : undefined}
                          onClick={() => select(list.id)}
                        >
                          {list.name}
                        </button>
                      </li>
                    ))}
                  </ul>
                </nav>
              )}
              <CreateWatchlist onCreated={(id) => select(id)} />
            </div>
            {chosen ? (
              <WatchlistDetail key={chosen.id} list={chosen} onDeleted={() => select(null)} />
            ) : (
              <EmptyState title="No watchlists yet">
                <p>Create one to follow prices, day changes and 52-week ranges.</p>
              </EmptyState>
            )}
          </div>
        );
      }}
    </QueryView>
  );
}
