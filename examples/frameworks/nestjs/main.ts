// The README's NestJS example (bootstrap).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule);
app.enableShutdownHooks(); // SIGTERM/SIGINT: onApplicationShutdown flushes the last interval
await app.listen(3000);
