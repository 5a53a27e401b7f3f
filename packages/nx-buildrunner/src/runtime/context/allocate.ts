/**
 * Splits `budget` among items wanting `costs`, water-filling: items smaller than an equal share
 * get all they want, and what they leave is shared among the larger ones. Order-independent
 * for equal inputs, so the same files always get the same room.
 */
export function allocate(costs: readonly number[], budget: number): number[] {
  const order = costs.map((cost, index) => ({ cost, index })).sort((a, b) => a.cost - b.cost || a.index - b.index);
  const out = costs.map(() => 0);
  let remaining = Math.max(0, budget);
  order.forEach(({ cost, index }, k) => {
    const share = Math.floor(remaining / (order.length - k));
    const given = Math.min(cost, share);
    out[index] = given;
    remaining -= given;
  });
  return out;
}
