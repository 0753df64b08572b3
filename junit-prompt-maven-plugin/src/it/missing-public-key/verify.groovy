def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 1 : log
assert failures[0].contains(':push-prompts (default-cli) on project missing-public-key: LANGFUSE_PUBLIC_KEY is not '
        + 'set: the Langfuse backend needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY')
assert !log.contains('sk-lf-invoker-secret')
