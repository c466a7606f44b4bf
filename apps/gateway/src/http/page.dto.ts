import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '@ensemble/contracts';

/** The OpenAPI shape of a keyset page of `item`, named `name` in the document. */
export function pageDto<T>(item: Type<T>, name: string): Type<Page<T>> {
  class ItemPage implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as ?cursor= for the next page; null on the last',
    })
    nextCursor: string | null;
  }
  Object.defineProperty(ItemPage, 'name', { value: name });
  return ItemPage;
}
