/**
 * What Paymon knows about a payment provider without talking to it (issue 12): the pure facts
 * every layer reads from one place. The core adds the client (src/core/providers), the simulator
 * its backend (src/simulator); nothing else names a provider.
 */

/** The parts the detail pane can show beside the status timeline. */
export type DetailSection = 'checkout' | 'deposit' | 'events';

/** One provider's facts. */
export interface ProviderSpec<Id extends string = string> {
  readonly id: Id;
  /** The provider's name for people ("PayCrypt"). */
  readonly label: string;
  /** Payment IDs: the whole-ID pattern, how to find one inside pasted text, and how people are told. */
  readonly paymentId: {
    /** Anchored; a value that matches is this provider's payment ID. */
    readonly pattern: RegExp;
    /** IDs compare case-insensitively and are stored lower-case (UUIDs). */
    readonly lowerCase: boolean;
    /** Regex source (no anchors, no flags) of a candidate inside text, with its own left boundary. */
    readonly inText: string;
    /** Regex source of a token that was meant as this provider's ID but may be malformed. */
    readonly idLike: string;
    /** How the ID looks, after "<label> IDs ", e.g. `start with "pay_"`. */
    readonly hint: string;
    /** A well-formed ID no real payment has: the key check asks for it and expects a 404. */
    readonly probe: string;
    /**
     * The shape real IDs have, when it is narrower than what the provider may accept: an ID outside
     * it (`pay_12`, cut short by a copy) is held back in pasted text until the user says to add it.
     */
    readonly usual?: { readonly pattern: RegExp; readonly hint: string };
  };
  /** Order lookups (`--order`): the pattern of an order ID, or null when the provider has none. */
  readonly orderLookup: { readonly pattern: RegExp } | null;
  /** Environment variables: the API key, and the base URL override (simulator, staging). */
  readonly env: { readonly apiKey: string; readonly baseUrl: string };
  /** The documented API base URL. */
  readonly defaultBaseUrl: string;
  /** The documented key prefix (`sk_`), used to catch a key pasted for the wrong provider. */
  readonly keyPrefix: string;
  /** Statuses the provider documents; unknown words are kept, never dropped. */
  readonly statuses: readonly string[];
  /** Statuses after which the provider will not move the payment on its own (issue 2). */
  readonly finalStatuses: readonly string[];
  /**
   * What each final status means to a merchant, for the day's summary (issue 13): money in, a
   * payment that did not go through (or not in full), or money given back. Unlisted: not counted.
   */
  readonly outcomes: { readonly paid: readonly string[]; readonly failed: readonly string[]; readonly refunded: readonly string[] };
  /** The host of the provider's merchant dashboard (links open only there, see ../links.ts). */
  readonly dashboardHost: string;
  /** What the detail pane shows for this provider's payments, in order. */
  readonly detail: readonly DetailSection[];
  /** How the monitor follows this provider's payments (src/core/monitor/policy.ts). */
  readonly watch: {
    /** Payments are on-chain deposits that confirm block by block (tx hash, confirmations, expiry). */
    readonly deposits: boolean;
    /** Final statuses that may still move later (a completion refunded): watched less often with age. */
    readonly refundWatch: readonly string[];
    /** Final statuses that may still move until the payment expires (an underpaid deposit topped up). */
    readonly untilExpiry: readonly string[];
  };
}
