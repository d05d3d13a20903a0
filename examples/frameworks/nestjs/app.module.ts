// The README's NestJS example (root module), compiled with legacy decorators as Nest projects are.
import { Module } from '@nestjs/common';
import { DomainMetricsModule } from '../../../src/integrations/nestjs.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [DomainMetricsModule.forRoot()], // startMetrics() from the environment; shut down with the app
  controllers: [UsersController],
  providers: [UsersService], // not ExecutionMetrics & co: the module provides the real ones
})
export class AppModule {}
