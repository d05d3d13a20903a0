// The README's NestJS example (a controller: its routes are the http.route values).
import { Controller, Get, Param } from '@nestjs/common';
import { UsersService } from './users.service.js';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id') // http.route="/users/:id"
  byId(@Param('id') id: string): Promise<{ id: string }> {
    return this.users.load(id);
  }
}
