/** Cases per fuzz property: a bounded number in CI; `npm run fuzz` runs many more. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
