import { IsBoolean, IsDefined, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  MAX_INT4,
  PageRequest,
  type ResourceListRequest,
  type VersionedResourceCreateRequest,
} from '@ensemble/contracts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME_RULE = {
  message: 'name must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

export class CreateDecisionTableRequest implements VersionedResourceCreateRequest<unknown> {
  @Matches(NAME, NAME_RULE)
  name!: string;

  /** Checked in full by the table validator, which names every problem. */
  @IsDefined()
  body!: unknown;

  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

export class ListDecisionTablesRequest extends PageRequest implements ResourceListRequest {
  @IsOptional()
  @Matches(NAME, NAME_RULE)
  name?: string;
}

export class GetDecisionTableRequest {
  @Matches(NAME, NAME_RULE)
  name!: string;

  /** The latest version when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  version?: number;
}

export class DecisionTableVersionRequest {
  @Matches(NAME, NAME_RULE)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  version!: number;
}
