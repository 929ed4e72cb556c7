import { Logger } from '@nestjs/common';

// Unit tests check behaviour, not log lines: the code under test logs nothing to their output.
Logger.overrideLogger(false);
