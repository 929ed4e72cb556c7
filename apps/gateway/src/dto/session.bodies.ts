import { PASSWORD_LENGTH } from '@jobstream/access';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

/** POST /auth/session: a person signs in. */
export class SignInBody {
  @IsEmail()
  @MaxLength(255)
  email: string;

  /** Not checked against the password rules here: a wrong one is just wrong (401). */
  @IsString()
  @MaxLength(PASSWORD_LENGTH.max)
  password: string;
}

/** PUT /users/:id/password: an admin sets a user's password; the user's sessions end. */
export class SetPasswordBody {
  @IsString()
  @MinLength(PASSWORD_LENGTH.min)
  @MaxLength(PASSWORD_LENGTH.max)
  password: string;
}
