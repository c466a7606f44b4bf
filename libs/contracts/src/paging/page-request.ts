import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../workflows/run-views';
import { MAX_CURSOR_LENGTH } from './keyset-cursor';

/** The paging fields of an RPC list request; the cursor's content is checked by its `KeysetCursor`. */
export class PageRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;
}
