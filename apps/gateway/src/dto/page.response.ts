import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

const pages = new Map<Type, Type>();

/** The OpenAPI description of a list answer `{ items, nextCursor }` of `item`s (one class per item type). */
export function PageOf(item: Type): Type {
  const existing = pages.get(item);
  if (existing) return existing;
  class PageResponse {
    @ApiProperty({ type: [item] })
    items: unknown[];

    @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
    nextCursor: string | null;
  }
  Object.defineProperty(PageResponse, 'name', { value: `${item.name.replace(/Entity$/, '')}Page` });
  pages.set(item, PageResponse);
  return PageResponse;
}
