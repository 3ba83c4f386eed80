// V8 settings of a gateway process, applied before anything compiles WebAssembly (main.ts imports this
// module first). Prisma's query compiler is WebAssembly: V8 compiles it with its baseline compiler
// (Liftoff) and again with its optimising one (TurboFan), keeping both. Liftoff alone saves 35–40 MiB
// per process (measured: 140 → 103 MiB resident for a bare Prisma client after its first query), for
// a query-compiler cost of a few per cent of the worker's CPU.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
