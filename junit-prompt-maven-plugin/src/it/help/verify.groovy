def log = new File(basedir, 'build.log').text
for (goal in ['push-prompts', 'promote', 'push-datasets', 'pull-prompt', 'migrate-dataset', 'migrate-prompt']) {
    assert log.contains("junit-prompt:$goal") : "help lists $goal:\n$log"
}
