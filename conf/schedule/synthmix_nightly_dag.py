"""Airflow DAG: synthmix nightly on a Spark cluster with SparkSubmitOperator.

Needs apache-airflow-providers-apache-spark and a Spark connection (`spark_default`) pointing at the
cluster. The run date is Airflow's logical date, so a backfill of an earlier date replaces that
date's outputs (synthmix writes per-date outputs with Delta replaceWhere). A non-zero exit
(1 = a quality gate failed) fails the task.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG(
    dag_id="synthmix_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # never two nightly runs on one warehouse at once
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        application="/opt/synthmix/synthmix-jobs.jar",
        java_class="dev.synthmix.jobs.Main",
        application_args=["nightly", "--date", "{{ ds }}"],
        conn_id="spark_default",
        files="/etc/synthmix/nightly.conf",
        driver_memory="4g",
        executor_memory="8g",
        executor_cores=4,
        conf={
            "spark.driver.extraJavaOptions": "-Dconfig.file=nightly.conf",
            "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        },
    )
