/** An indexed binary min-heap: O(log n) insert, update and removal by key. */

/** A priority queue of keys ordered by a numeric priority (smallest first). */
export class MinHeap<K> {
  readonly #keys: K[] = [];
  readonly #prio: number[] = [];
  readonly #index = new Map<K, number>();

  get size(): number {
    return this.#keys.length;
  }

  has(key: K): boolean {
    return this.#index.has(key);
  }

  /** The smallest entry, without removing it. */
  peek(): { key: K; priority: number } | undefined {
    const key = this.#keys[0];
    return key === undefined ? undefined : { key, priority: this.#prio[0]! };
  }

  /** Inserts `key` or moves it to `priority`. */
  set(key: K, priority: number): void {
    const at = this.#index.get(key);
    if (at === undefined) {
      this.#keys.push(key);
      this.#prio.push(priority);
      this.#index.set(key, this.#keys.length - 1);
      this.#up(this.#keys.length - 1);
      return;
    }
    const old = this.#prio[at]!;
    this.#prio[at] = priority;
    if (priority < old) this.#up(at);
    else this.#down(at);
  }

  /** Removes and returns the smallest entry. */
  pop(): { key: K; priority: number } | undefined {
    const top = this.peek();
    if (top) this.delete(top.key);
    return top;
  }

  /** Removes `key` if present. */
  delete(key: K): boolean {
    const at = this.#index.get(key);
    if (at === undefined) return false;
    const last = this.#keys.length - 1;
    this.#swap(at, last);
    this.#keys.pop();
    this.#prio.pop();
    this.#index.delete(key);
    if (at < last) {
      this.#up(at);
      this.#down(at);
    }
    return true;
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#prio[parent]! <= this.#prio[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.#prio[l]! < this.#prio[m]!) m = l;
      if (r < n && this.#prio[r]! < this.#prio[m]!) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }

  #swap(a: number, b: number): void {
    if (a === b) return;
    const ka = this.#keys[a]!;
    const kb = this.#keys[b]!;
    this.#keys[a] = kb;
    this.#keys[b] = ka;
    const pa = this.#prio[a]!;
    this.#prio[a] = this.#prio[b]!;
    this.#prio[b] = pa;
    this.#index.set(kb, a);
    this.#index.set(ka, b);
  }
}
