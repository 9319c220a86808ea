// The browser test runs a session, the dashboard and Chromium at once: on a 2-core machine, nothing else beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
