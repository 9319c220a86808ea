// Each sweep test runs engines on worker threads; on a 2-core machine they must not also compete with each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
