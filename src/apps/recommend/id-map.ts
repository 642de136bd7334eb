/**
 * Raw id ↔ dense index, so embedding tables can be indexed by whatever ids the data uses.
 */
import { ModelFormatError, ValueError } from '../../core/index.js';

/**
 * A bijection between raw string ids and the indices 0 … size − 1, in first-seen order. Saved with a
 * recommender (as the id list) so a loaded model maps ids exactly as the trained one did.
 *
 * @example
 * const users = IdMap.fromIds(['196', '186', '196']); // size 2
 * users.index('186'); // 1
 * users.id(0); // '196'
 */
export class IdMap {
  private readonly byId = new Map<string, number>();
  private readonly ids: string[] = [];

  /**
   * The map of `ids` in first-seen order (repeats are ignored).
   *
   * @example
   * IdMap.fromIds(['a', 'b']).size; // 2
   */
  static fromIds(ids: Iterable<string>): IdMap {
    const map = new IdMap();
    for (const id of ids) map.add(id);
    return map;
  }

  /**
   * Reads a list written by {@link IdMap.toJSON}.
   *
   * @throws ModelFormatError unless `value` is an array of distinct strings.
   */
  static fromJSON(value: unknown, what: string): IdMap {
    if (!Array.isArray(value)) throw new ModelFormatError(`IdMap: ${what} must be an array of id strings, got ${typeof value}`);
    const map = new IdMap();
    for (const [i, id] of value.entries()) {
      if (typeof id !== 'string') throw new ModelFormatError(`IdMap: ${what}[${i}] must be a string, got ${typeof id}`);
      if (map.has(id)) throw new ModelFormatError(`IdMap: ${what} lists '${id}' twice`);
      map.add(id);
    }
    return map;
  }

  /** Number of distinct ids. */
  get size(): number {
    return this.ids.length;
  }

  /** The index of `id`, adding it if new. */
  add(id: string): number {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    this.byId.set(id, this.ids.length);
    this.ids.push(id);
    return this.ids.length - 1;
  }

  /** True when `id` is known. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The index of `id`, or undefined when it is unknown. */
  get(id: string): number | undefined {
    return this.byId.get(id);
  }

  /**
   * The index of `id`.
   *
   * @throws ValueError when the id is unknown.
   */
  index(id: string): number {
    const i = this.byId.get(id);
    if (i === undefined) throw new ValueError(`IdMap: unknown id '${id}' (${this.ids.length} ids known)`);
    return i;
  }

  /**
   * The raw id at `index`.
   *
   * @throws ValueError for an index outside [0, size).
   */
  id(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new ValueError(`IdMap: index ${index} is outside [0, ${this.ids.length - 1}]`);
    return id;
  }

  /** The ids by index (what artifacts store). */
  toJSON(): string[] {
    return [...this.ids];
  }
}
