/** Argument checks shared by the public functions: each names the argument and what was expected. */

export function checkProbability(name: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${name}: expected a number in (0, 1), got ${value}`);
}

export function checkPositive(name: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value)))
    throw new RangeError(`${name}: expected a finite number > 0, got ${value}`);
}

export function checkWeights(weights: readonly number[], arms: number): number[] {
  if (weights.length !== arms)
    throw new RangeError(`weights: expected ${arms} weights (one per arm), got ${weights.length}`);
  for (const w of weights) checkPositive('weights', w);
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}
