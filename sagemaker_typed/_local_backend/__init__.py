"""The local backend: moto, plus what makes it play SageMaker jobs the way the service does.

``sagemaker_typed.testing`` is its public face (``LocalSageMaker``, ``local_sagemaker()``,
the job controls). Nothing here is imported by ``import sagemaker_typed``, and only
:mod:`.backend` can be imported without moto: it imports moto when a backend starts.

Modules, each adding one area to moto and owning its own patches:

- :mod:`.backend`: ``LocalSageMaker`` (start/stop and context manager, in-process or
  over HTTP with moto's server), the durations, the one active backend.
- :mod:`.simulation`: the clock-anchored timeline. Every job's state is a function of
  the client's clock: moves scheduled at simulated times are applied, in time order,
  before moto answers any request (describes, lists, everything), so a ``FakeClock``
  makes an hour take milliseconds. It also maps the clock to wall time (timestamps).
- :mod:`.patching`: patches of moto's classes that exist only while a backend runs,
  so plain moto (``mock_aws``, ``ThreadedMotoServer`` used directly) is left as moto
  has it before and after.
- :mod:`.progress`: the extension point: observers told when a training job enters
  a (secondary) status, at its simulated time, which can write side effects (log
  lines, metric values) and schedule more moves on the timeline.
- :mod:`.training`, :mod:`.tuning`, :mod:`.notebooks`: the resources' timed states
  and the operations moto lacks for them.
- :mod:`.logs`: what training jobs write to CloudWatch Logs as they run (one stream
  per host, simulated time), and moto's CloudWatch Logs on the backend's clock.
- :mod:`.control`: what tests steer jobs with (fail, plan, hold, complete, attach).
- :mod:`.metrics`: training jobs publish their metric values to moto's CloudWatch
  while they train (per host), and CloudWatch's reads keep to the service's limits.

To add an area (say CloudWatch Logs), write a module with a ``PATCHES`` list of
:class:`.patching.Patch` and name it in :data:`.backend.AREAS`.
"""
