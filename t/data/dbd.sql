-- The users and groups of the mod_authn_dbd / mod_authz_dbd cases
-- (t/17_ldap_dbd.t): tools/apache-test.sh loads this into
-- t/data/users.sqlite with the sqlite3 shell. Passwords: bob
-- "correct horse" (as in t/data/users), alice "wonderland" (bcrypt, from
-- htpasswd -nbB, which apr_password_validate reads).
CREATE TABLE users (name TEXT PRIMARY KEY, password TEXT NOT NULL);
CREATE TABLE groups (name TEXT NOT NULL, grp TEXT NOT NULL);
INSERT INTO users VALUES ('alice', '$2y$05$Zs.xkMz5u4w09YVEqrxu2uhxkUMlehaC06MJhiTZk87HhgQwzwbfa');
INSERT INTO users VALUES ('bob', '$2y$05$cB8QO/k7z8gWql2wYk.IiepXjBRad47kcplAqCLJV9OH7xLjModQ2');
INSERT INTO groups VALUES ('alice', 'admins');
INSERT INTO groups VALUES ('bob', 'staff');
