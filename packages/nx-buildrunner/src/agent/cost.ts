import bundledPrices from './prices.json';

/**
 * Cost from a price table kept as data (prices.json), because prices change more often than code.
 * A model missing from the table costs 0 and is reported as unpriced: a wrong guess would be
 * worse than a visible gap.
 */

export interface ModelPrice {
  /** USD per million tokens. */
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute entries). */
  cacheWrite: number;
  cacheRead: number;
  /** The price holds only for prompts up to this many input tokens; longer ones are unpriced. */
  maxPromptTokens?: number;
}

export interface PriceTable {
  currency: string;
  asOf: string;
  models: Record<string, ModelPrice>;
}

export const DEFAULT_PRICES: PriceTable = bundledPrices;

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

export interface Cost {
  usd: number;
  /** False when the table has no price for this model (or this prompt size): usd is then 0. */
  priced: boolean;
}

/** Dated snapshots (`-20261001`, `@20261001`) are priced as the model they snapshot. */
const DATE_SUFFIX = /[-@]\d{8}$/;

export function priceOf(model: string, prices: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  return prices.models[model] ?? prices.models[model.replace(DATE_SUFFIX, '')];
}

export function costOf(usage: TokenUsage, model: string, prices: PriceTable = DEFAULT_PRICES): Cost {
  const price = priceOf(model, prices);
  if (!price) return { usd: 0, priced: false };
  const prompt = usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;
  if (price.maxPromptTokens !== undefined && prompt > price.maxPromptTokens) return { usd: 0, priced: false };
  const micro =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheCreationInputTokens * price.cacheWrite +
    usage.cacheReadInputTokens * price.cacheRead;
  // Rounded to a millionth of a dollar so sums of many calls stay readable.
  return { usd: Math.round(micro) / 1_000_000, priced: true };
}
