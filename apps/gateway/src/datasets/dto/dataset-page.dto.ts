import { pageDto } from '../../http/page.dto';
import { DatasetDto } from './dataset.dto';

export const DatasetPageDto = pageDto(DatasetDto, 'DatasetPageDto');
