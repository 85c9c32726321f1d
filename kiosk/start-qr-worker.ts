/**
 * main.ts imports this first: ES modules run in import order, so the QR worker starts
 * loading before lit and the app are evaluated, and is ready when the first code is.
 */
import { startQrWorker } from './data/qr-paths.ts';

startQrWorker();
