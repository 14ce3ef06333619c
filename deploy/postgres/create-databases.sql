-- One database per service on the compose PostgreSQL server: no service reads another's tables.
CREATE DATABASE org_registry;
CREATE DATABASE assignment;
CREATE DATABASE performance;
CREATE DATABASE notification;
