// Stress tests start several spinning threads; on a 2-core machine they must not also compete with each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
