/** Watchlists with the latest snapshot metrics of their items; scoped by owner (another user's → 404). */
import type { Kysely } from 'kysely';
import { notFound } from '../http/errors.ts';
import { findInstruments, findSnapshots } from '../db/market.repository.ts';
import type { AppDatabase, GoldDatabase } from '../db/schema.ts';
import * as repo from '../db/watchlists.repository.ts';
import { instrumentCurrencies } from './portfolio/portfolio-data.ts';
import { snapshotDto } from './market.service.ts';

export class WatchlistService {
  private readonly app: Kysely<AppDatabase>;
  private readonly gold: Kysely<GoldDatabase>;

  constructor(app: Kysely<AppDatabase>, gold: Kysely<GoldDatabase>) {
    this.app = app;
    this.gold = gold;
  }

  async list(userId: string) {
    const lists = await repo.listWatchlists(this.app, userId);
    return this.withItems(lists);
  }

  async get(userId: string, id: string) {
    const list = await repo.findWatchlist(this.app, userId, id);
    if (!list) throw notFound('Watchlist');
    const [withItems] = await this.withItems([list]);
    if (!withItems) throw notFound('Watchlist');
    return withItems;
  }

  async create(userId: string, name: string, symbols: readonly string[]) {
    const upper = symbols.map((s) => s.toUpperCase());
    await instrumentCurrencies(this.gold, upper);
    const list = await this.app.transaction().execute(async (tx) => {
      const created = await repo.insertWatchlist(tx, userId, name);
      for (const symbol of upper) await repo.addItem(tx, created.id, symbol);
      return created;
    });
    return this.get(userId, list.id);
  }

  async rename(userId: string, id: string, name: string) {
    if (!(await repo.renameWatchlist(this.app, userId, id, name))) throw notFound('Watchlist');
    return this.get(userId, id);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await repo.deleteWatchlist(this.app, userId, id))) throw notFound('Watchlist');
  }

  async addItem(userId: string, id: string, symbol: string) {
    if (!(await repo.findWatchlist(this.app, userId, id))) throw notFound('Watchlist');
    await instrumentCurrencies(this.gold, [symbol.toUpperCase()]);
    await repo.addItem(this.app, id, symbol.toUpperCase());
    return this.get(userId, id);
  }

  async removeItem(userId: string, id: string, symbol: string): Promise<void> {
    if (!(await repo.findWatchlist(this.app, userId, id))) throw notFound('Watchlist');
    if (!(await repo.removeItem(this.app, id, symbol.toUpperCase())))
      throw notFound(`${symbol} in this watchlist`);
  }

  private async withItems(lists: readonly { id: string; name: string; createdAt: Date }[]) {
    const items = await repo.listItems(
      this.app,
      lists.map((l) => l.id),
    );
    const symbols = [...new Set(items.map((i) => i.symbol))];
    const [instruments, snapshots] = await Promise.all([
      findInstruments(this.gold, symbols),
      findSnapshots(this.gold, symbols),
    ]);
    const names = new Map(instruments.map((i) => [i.symbol, i.name]));
    const snaps = new Map(snapshots.map((s) => [s.symbol, snapshotDto(s)]));
    return lists.map((list) => ({
      id: list.id,
      name: list.name,
      createdAt: list.createdAt.toISOString(),
      items: items
        .filter((i) => i.watchlistId === list.id)
        .map((i) => ({
          symbol: i.symbol,
          name: names.get(i.symbol) ?? null,
          addedAt: i.addedAt.toISOString(),
          snapshot: snaps.get(i.symbol) ?? null,
        })),
    }));
  }
}
