/**
 * @module bench/exitOnSigterm
 * Preloaded into the reference server when profiling (SYNC_BENCH_PROFILE=1): V8 writes a
 * `--cpu-prof` profile only on a normal exit, and the reference's bin dies on SIGTERM.
 */
/* global process */
process.on('SIGTERM', () => process.exit(0))
