"""Airflow DAG: synthmix nightly on a Spark cluster.

The run date is the end of Airflow's data interval (the day the run happens, UTC), so the scheduled
run ingests and audits today's data. A backfill of an earlier interval is an earlier date: synthmix
then ingests nothing and audits the tables as they were at the end of that date (README, "Backfills").

Retries only where a retry can help. synthmix's exit codes: 1 = a quality gate failed (outputs
written), 2 = bad usage or settings, 3 = input refused: none of these is transient, and a rerun gives
the same answer, so the task fails at once (AirflowFailException skips the retries). 4 = any other
failure (a lost executor, a storage hiccup): retried.

Needs spark-submit on the worker's PATH (or SPARK_HOME) and the master URL in the Airflow Variable
`synthmix_master` (e.g. spark://spark-master:7077). In cluster deploy mode on a standalone master,
spark-submit exits 0 whatever the driver does: use client mode here (the default below), or the
launcher scripts/synthmix, which polls the driver's state and exits with its outcome.
"""
import os
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator

NOT_TRANSIENT = {
    1: "a quality gate failed (outputs written; see the run's gate_verdicts and report)",
    2: "bad usage or settings",
    3: "input refused (nothing written)",
}


def run_nightly(ds_end, **_):
    spark_submit = os.path.join(os.environ.get("SPARK_HOME", ""), "bin", "spark-submit") \
        if os.environ.get("SPARK_HOME") else "spark-submit"
    cmd = [
        spark_submit,
        "--master", Variable.get("synthmix_master"),
        "--deploy-mode", "client",
        "--files", "/etc/synthmix/nightly.conf",
        "--driver-memory", "4g",
        "--executor-memory", "8g",
        "--executor-cores", "4",
        "--conf", "spark.driver.extraJavaOptions=-Dconfig.file=/etc/synthmix/nightly.conf",
        "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
        "--conf", "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "--class", "dev.synthmix.jobs.Main",
        "/opt/synthmix/synthmix-jobs.jar",
        "nightly", "--date", ds_end,
    ]
    code = subprocess.run(cmd, check=False).returncode
    if code == 0:
        return
    if code in NOT_TRANSIENT:
        raise AirflowFailException(f"synthmix nightly {ds_end}: exit {code}, {NOT_TRANSIENT[code]}; not retried")
    raise AirflowException(f"synthmix nightly {ds_end}: exit {code} (failure that may be transient; retried)")


with DAG(
    dag_id="synthmix_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # never two nightly runs on one warehouse at once
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
) as dag:
    PythonOperator(
        task_id="nightly",
        python_callable=run_nightly,
        op_kwargs={"ds_end": "{{ data_interval_end | ds }}"},
    )
