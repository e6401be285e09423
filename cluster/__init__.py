"""A local cluster on 127.0.0.1 (two web processes behind a round-robin, two Celery
workers, one beat, an S3-compatible server and a mail sink) and the load test that
runs against it. Development and demos only: nothing here is imported by the site."""
