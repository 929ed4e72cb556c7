import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** The part of an object's OpenAPI schema a model is made of. */
interface OpenApiObject {
  properties?: Record<string, object>;
  required?: string[];
}

/**
 * A class for the OpenAPI document whose schema is a zod object's, as a parse outputs it (zod's
 * own OpenAPI 3.0 rendering: types, formats, enums, nullability, descriptions), so an answer whose
 * shape a contract defines is documented from that contract rather than from a copy of it. Like
 * @nestjs/swagger's PickType it returns a class to extend; name the schema with @ApiSchema. Runs
 * once, when the module loads; answers are never instances of it.
 */
export function ZodModel<T extends z.ZodObject>(schema: T): Type<z.output<T>> {
  const { properties = {}, required = [] } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' }) as OpenApiObject;
  abstract class Model {}
  for (const [name, property] of Object.entries(properties)) {
    // A property's own `required` is a boolean for every type, objects included (the factory reads it so).
    ApiProperty({ ...property, required: required.includes(name) } as ApiPropertyOptions)(Model.prototype, name);
  }
  return Model as Type<z.output<T>>;
}
