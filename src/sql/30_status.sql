-- ciprov.status: kcidb's test and build status, in kcidb's priority order.
-- The order makes min(status) over a group its summary status: any FAIL
-- wins, then ERROR, MISS, PASS, DONE, SKIP. NULL means not finished yet.

CREATE TYPE ciprov.status AS ENUM ('FAIL', 'ERROR', 'MISS', 'PASS', 'DONE', 'SKIP');
COMMENT ON TYPE ciprov.status IS
  'kcidb status in priority order FAIL < ERROR < MISS < PASS < DONE < SKIP, so min(status) is a group''s summary; NULL means not finished';
