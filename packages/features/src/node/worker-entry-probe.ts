/** A one-message worker for worker-entry.test.ts: answers its workerData plus one (TypeScript, via tsx). */
import { parentPort, workerData } from 'node:worker_threads';

const value: number = workerData;
parentPort?.postMessage(value + 1);
