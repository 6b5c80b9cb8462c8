-- docker-compose: the postgres image creates role and database powerbank; tests use powerbank_test.
CREATE DATABASE powerbank_test OWNER powerbank;
